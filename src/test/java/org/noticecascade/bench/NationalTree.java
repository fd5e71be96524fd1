package org.noticecascade.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A national org tree shaped like the real one: 全总 → 31 省 (and the national industry unions) → 市（州） → 区县 →
 * 镇/街道 → 基层, wide at the bottom. At 100,000 units the upper levels have about their real sizes (about 340 市,
 * 2,850 区县); lower sizes shrink them more gently than the bottom so that the shape stays. The same size and seed
 * give the same tree, so the project and bare Camunda cascade identical trees.
 */
public final class NationalTree {

  public static final String ROOT = "acftu";

  /** The 31 provincial-level federations, with their number of 市（州） (municipalities: their districts) as weight. */
  private static final String[][] PROVINCES = {
      {"北京市", "16"}, {"天津市", "16"}, {"河北省", "11"}, {"山西省", "11"}, {"内蒙古自治区", "12"}, {"辽宁省", "14"},
      {"吉林省", "9"}, {"黑龙江省", "13"}, {"上海市", "16"}, {"江苏省", "13"}, {"浙江省", "11"}, {"安徽省", "16"},
      {"福建省", "9"}, {"江西省", "11"}, {"山东省", "16"}, {"河南省", "17"}, {"湖北省", "17"}, {"湖南省", "14"},
      {"广东省", "21"}, {"广西壮族自治区", "14"}, {"海南省", "4"}, {"重庆市", "26"}, {"四川省", "21"}, {"贵州省", "9"},
      {"云南省", "16"}, {"西藏自治区", "7"}, {"陕西省", "10"}, {"甘肃省", "14"}, {"青海省", "8"},
      {"宁夏回族自治区", "5"}, {"新疆维吾尔自治区", "14"}};

  private static final String[] NATIONAL_INDUSTRY = {"中国教育工会全国委员会", "中国海员建设工会全国委员会",
      "中国金融工会全国委员会", "中国农林水利气象工会全国委员会", "中国能源化学地质工会全国委员会",
      "中国机械冶金建材工会全国委员会", "中国国防邮电工会全国委员会", "中国财贸轻纺烟草工会全国委员会",
      "中国医务工会全国委员会", "中国铁路工会全国委员会"};

  public record Node(String code, String name, String kind, String parent, int depth, String path) {
  }

  private final List<Node> nodes = new ArrayList<>();
  private final Map<String, Node> byCode = new HashMap<>();
  private final Map<String, List<String>> children = new HashMap<>();
  private final Random random;

  private NationalTree(long seed) {
    this.random = new Random(seed);
  }

  /** A tree of exactly {@code size} units (the root included); at least 1,000. */
  public static NationalTree generate(int size, long seed) {
    if (size < 1000) {
      throw new IllegalArgumentException("bench.units must be at least 1000");
    }
    NationalTree t = new NationalTree(seed);
    t.build(size);
    return t;
  }

  private void build(int size) {
    double s = Math.min(1.0, size / 100_000.0);
    add(ROOT, "中华全国总工会", "LOCAL_FEDERATION", null);
    List<String> provinces = new ArrayList<>();
    double[] provinceWeights = new double[PROVINCES.length];
    for (int i = 0; i < PROVINCES.length; i++) {
      provinces.add(add("p" + (i + 1), PROVINCES[i][0] + "总工会", "LOCAL_FEDERATION", ROOT).code());
      provinceWeights[i] = Double.parseDouble(PROVINCES[i][1]);
    }
    for (int i = 0; i < NATIONAL_INDUSTRY.length; i++) {
      add("qg" + (i + 1), NATIONAL_INDUSTRY[i], "INDUSTRY_UNION", ROOT);
    }
    // the upper levels shrink slowly with the size, the lower ones faster: the bottom stays the widest
    int cities = Math.max(provinces.size(), (int) Math.round(340 * Math.pow(s, 0.5)));
    int counties = Math.max(cities, (int) Math.round(2850 * Math.pow(s, 0.6)));
    int townships = Math.max(counties, (int) Math.round(14_000 * Math.pow(s, 0.8)));
    int provincialExtras = (int) Math.round(17 * Math.pow(s, 0.5));
    int cityIndustry = (int) Math.round(2 * Math.pow(s, 0.7) * cities);

    // each province at least one 市, the rest by the real weights
    List<String> cityCodes = new ArrayList<>();
    spread(cities, provinces, provinceWeights, true, (parent, i) -> {
      Node p = byCode.get(parent);
      cityCodes.add(add(parent + "c" + i, p.name().replace("总工会", "") + "第" + i + "市（州）总工会",
          "LOCAL_FEDERATION", parent).code());
    });
    List<String> industryUnions = new ArrayList<>();
    for (String province : provinces) {
      String pname = byCode.get(province).name().replace("总工会", "");
      for (int i = 1; i <= provincialExtras; i++) {
        // of 17 at full size: 8 产业工会, 6 机关部门, 3 直属单位
        if (i % 17 < 8) {
          industryUnions.add(add(province + "i" + i, pname + "第" + i + "产业工会", "INDUSTRY_UNION", province).code());
        } else if (i % 17 < 14) {
          add(province + "o" + i, pname + "总工会机关第" + i + "部", "INTERNAL_DEPARTMENT", province);
        } else {
          add(province + "a" + i, pname + "总工会第" + i + "直属单位", "AFFILIATED_UNIT", province);
        }
      }
    }
    spread(cityIndustry, cityCodes, weights(cityCodes.size(), 0.5), false, (parent, i) ->
        industryUnions.add(add(parent + "i" + i, byCode.get(parent).name().replace("总工会", "") + "第" + i + "产业工会",
            "INDUSTRY_UNION", parent).code()));
    List<String> countyCodes = new ArrayList<>();
    spread(counties, cityCodes, weights(cityCodes.size(), 0.6), true, (parent, i) ->
        countyCodes.add(add(parent + "d" + i, "第" + i + "区（县）总工会·" + parent, "LOCAL_FEDERATION", parent).code()));
    List<String> townshipCodes = new ArrayList<>();
    spread(townships, countyCodes, weights(countyCodes.size(), 0.6), true, (parent, i) ->
        townshipCodes.add(add(parent + "t" + i, "第" + i + "镇（街道）总工会·" + parent, "TOWNSHIP_FEDERATION", parent)
            .code()));

    // everything left is grassroots: most under 镇/街道, some under 区县 and the industry unions
    int grassroots = size - nodes.size();
    if (grassroots < townshipCodes.size()) {
      throw new IllegalStateException("tree too small for its upper levels: " + size);
    }
    int underIndustry = industryUnions.isEmpty() ? 0 : grassroots / 20;
    int underCounty = grassroots / 10;
    int underTownship = grassroots - underIndustry - underCounty;
    spread(underTownship, townshipCodes, weights(townshipCodes.size(), 0.7), true, this::grassroots);
    spread(underCounty, countyCodes, weights(countyCodes.size(), 0.7), false, this::grassroots);
    spread(underIndustry, industryUnions, weights(industryUnions.size(), 0.7), false, this::grassroots);
  }

  private void grassroots(String parent, int i) {
    add(parent + "g" + i, "基层工会" + i + "·" + parent, "GRASSROOTS_UNION", parent);
  }

  /** Uneven widths: log-normal weights, as real trees have small and large counties side by side. */
  private double[] weights(int n, double sigma) {
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      w[i] = Math.exp(sigma * random.nextGaussian());
    }
    return w;
  }

  private interface Child {
    void add(String parent, int index);
  }

  /** Places {@code count} children among the parents by weight (each parent at least one if {@code everyParent}). */
  private void spread(int count, List<String> parents, double[] weights, boolean everyParent, Child child) {
    int[] per = new int[parents.size()];
    int left = count;
    if (everyParent) {
      for (int i = 0; i < per.length && left > 0; i++) {
        per[i]++;
        left--;
      }
    }
    double[] cumulative = new double[weights.length];
    double sum = 0;
    for (int i = 0; i < weights.length; i++) {
      sum += weights[i];
      cumulative[i] = sum;
    }
    for (int k = 0; k < left; k++) {
      int at = java.util.Arrays.binarySearch(cumulative, random.nextDouble() * sum);
      per[at < 0 ? Math.min(-at - 1, per.length - 1) : at]++;
    }
    for (int p = 0; p < parents.size(); p++) {
      for (int i = 1; i <= per[p]; i++) {
        child.add(parents.get(p), i);
      }
    }
  }

  private Node add(String code, String name, String kind, String parent) {
    Node p = parent == null ? null : byCode.get(parent);
    Node n = new Node(code, name, kind, parent, p == null ? 0 : p.depth() + 1,
        (p == null ? "/" : p.path()) + code + "/");
    nodes.add(n);
    byCode.put(code, n);
    if (parent != null) {
      children.computeIfAbsent(parent, k -> new ArrayList<>()).add(code);
    }
    return n;
  }

  /** Every unit, parents before children. */
  public List<Node> nodes() {
    List<Node> sorted = new ArrayList<>(nodes);
    sorted.sort((a, b) -> Integer.compare(a.depth(), b.depth()));
    return sorted;
  }

  public int size() {
    return nodes.size();
  }

  public Node node(String code) {
    return byCode.get(code);
  }

  public List<String> children(String code) {
    return children.getOrDefault(code, Collections.emptyList());
  }

  /** The units below the root, which a notice from the root reaches. */
  public int reachable() {
    return nodes.size() - 1;
  }

  /** Units per depth and the widest fan-out, for the report. */
  public Map<String, Object> shape() {
    Map<Integer, Integer> perDepth = new LinkedHashMap<>();
    Map<String, Integer> perKind = new LinkedHashMap<>();
    int widest = 0;
    int leaves = 0;
    for (Node n : nodes()) {
      perDepth.merge(n.depth(), 1, Integer::sum);
      perKind.merge(n.kind(), 1, Integer::sum);
      widest = Math.max(widest, children(n.code()).size());
      if (children(n.code()).isEmpty()) {
        leaves++;
      }
    }
    Map<String, Object> shape = new LinkedHashMap<>();
    shape.put("units", nodes.size());
    shape.put("perDepth", perDepth);
    shape.put("perKind", perKind);
    shape.put("leaves", leaves);
    shape.put("widestFanOut", widest);
    return shape;
  }

  /** The org directory CSV of a slice of {@link #nodes()} (parents come in earlier slices or the same one). */
  public static byte[] csv(List<Node> slice) {
    StringBuilder sb = new StringBuilder("code,name,kind,parentCode\n");
    for (Node n : slice) {
      sb.append(n.code()).append(',').append(n.name()).append(',').append(n.kind()).append(',')
          .append(n.parent() == null ? "" : n.parent()).append('\n');
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }
}
