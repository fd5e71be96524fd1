package org.noticecascade.notification;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.noticecascade.orgdirectory.Contacts;
import org.noticecascade.orgdirectory.PersonContact;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * What the per-person channels (WeChat Work application, SMS) share: who a group's message reaches, and one
 * attempt's tracking of each recipient ({@code notification_recipient}).
 */
final class Members {

  private Members() {
  }

  /**
   * The group's members that the directory holds as active persons and that have an address on the channel, by
   * address (each once, the first user by id keeps it) to user id.
   *
   * @param address a person's address on the channel, or null/blank for none
   */
  static Map<String, String> addresses(IdentityService identity, Contacts contacts, String group,
      Function<PersonContact, String> address) {
    List<String> userIds = identity.createUserQuery().memberOfGroup(group).list().stream().map(User::getId).toList();
    Map<String, String> found = new LinkedHashMap<>();
    if (userIds.isEmpty()) {
      return found;
    }
    contacts.persons(userIds).stream().filter(PersonContact::active).sorted(Comparator.comparing(PersonContact::userId))
        .forEach(p -> {
          String a = address.apply(p);
          if (a != null && !a.isBlank()) {
            found.putIfAbsent(a.strip(), p.userId());
          }
        });
    return found;
  }

  /** An HTTP client whose connection and each answer wait at most {@code timeout}. */
  static RestClient http(Duration timeout) {
    JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
        HttpClient.newBuilder().connectTimeout(timeout).build());
    requests.setReadTimeout(timeout);
    return RestClient.builder().requestFactory(requests).build();
  }

  /**
   * One attempt of one message on a per-person channel: who got it on an earlier attempt (not sent again), who was
   * refused for good before (not tried again), and who is left to send to; each outcome is recorded as it comes.
   */
  static final class Attempt {

    private final OutboxRepository outbox;
    private final String channel;
    private final long outboxId;
    private final Clock clock;
    private final Map<String, String> toSend = new LinkedHashMap<>();
    private final List<String> refused = new ArrayList<>();
    private int reached;

    Attempt(OutboxRepository outbox, String channel, OutboxMessage message, Map<String, String> addresses,
        Clock clock) {
      this.outbox = outbox;
      this.channel = channel;
      this.outboxId = message.id();
      this.clock = clock;
      Map<String, OutboxRepository.RecipientView> tried = outbox.recipients(outboxId, channel);
      addresses.forEach((address, userId) -> {
        OutboxRepository.RecipientView before = tried.get(address);
        if (before != null && DeliveryStatus.SENT.key().equals(before.status())) {
          reached++;
        } else if (before != null && DeliveryStatus.FAILED.key().equals(before.status())) {
          refused.add(describe(address, userId, before.lastError()));
        } else {
          toSend.put(address, userId);
        }
      });
    }

    /** Address to user id, of those still to be sent to. */
    Map<String, String> toSend() {
      return toSend;
    }

    void sent(String address) {
      outbox.recordRecipient(outboxId, channel, address, toSend.get(address), DeliveryStatus.SENT, null,
          LocalDateTime.now(clock));
      reached++;
    }

    void refused(String address, String why) {
      outbox.recordRecipient(outboxId, channel, address, toSend.get(address), DeliveryStatus.FAILED, why,
          LocalDateTime.now(clock));
      refused.add(describe(address, toSend.get(address), why));
    }

    /** Sent, unless someone was refused: then who and why, and how many got it. */
    DeliveryResult result() {
      if (refused.isEmpty()) {
        return DeliveryResult.SENT;
      }
      return DeliveryResult.refused("未送达，不再重试：" + String.join("；", refused)
          + (reached == 0 ? "" : "；其余 " + reached + " 位接收人已收到"));
    }

    private static String describe(String address, String userId, String why) {
      return address + "（用户 " + userId + "）：" + why;
    }
  }
}
