package db.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.noticecascade.notice.DocNumbers;

/**
 * Two changes to {@code notice}, for H2 and PostgreSQL alike. In Java rather than SQL so that the 文号 key has one
 * definition ({@link DocNumbers#key}), here as at every registration.
 * <ul>
 *   <li>{@code addressee_units} holds up to 3,000 unit codes named by the issuer (20 characters and a comma each).
 *   <li>{@code doc_number_key} becomes the compared form of the 文号, so 川工发[2026]9002号 and 川工发〔2026〕9002号 of
 *       one issuer meet in the unique index. Where notices registered before already collide that way, the
 *       earliest keeps the key and the later ones lose it: the number stays taken, and every notice stays on record.
 * </ul>
 */
public class V10__Doc_number_keys_and_addressee_units extends BaseJavaMigration {

  @Override
  public void migrate(Context context) throws Exception {
    Connection db = context.getConnection();
    try (Statement s = db.createStatement()) {
      s.execute("alter table notice alter column addressee_units set data type varchar(63000)");
    }
    Map<Long, String> newKeys = new LinkedHashMap<>();
    List<Long> collided = new ArrayList<>();
    Set<String> taken = new HashSet<>();
    try (Statement s = db.createStatement();
         ResultSet rs = s.executeQuery(
             "select id, issuer_unit, doc_number_key from notice where doc_number_key is not null order by id")) {
      while (rs.next()) {
        String old = rs.getString(3);
        String key = DocNumbers.key(old);
        if (!taken.add(rs.getString(2) + "\n" + key)) {
          collided.add(rs.getLong(1));
        } else if (!key.equals(old)) {
          newKeys.put(rs.getLong(1), key);
        }
      }
    }
    // the losers first: a winner's new key may be a loser's current one
    try (PreparedStatement clear = db.prepareStatement("update notice set doc_number_key = null where id = ?")) {
      for (long id : collided) {
        clear.setLong(1, id);
        clear.executeUpdate();
      }
    }
    try (PreparedStatement rekey = db.prepareStatement("update notice set doc_number_key = ? where id = ?")) {
      for (Map.Entry<Long, String> e : newKeys.entrySet()) {
        rekey.setString(1, e.getValue());
        rekey.setLong(2, e.getKey());
        rekey.executeUpdate();
      }
    }
  }
}
