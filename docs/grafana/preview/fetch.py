# Reads every panel's queries from the Grafana dashboard JSON and asks Prometheus (127.0.0.1:9090) for them over
# [start, end] (epoch seconds), for index.html beside it, where Grafana cannot be had:
#   python3 fetch.py ../notice-cascade.json START END data.js && npm install uplot@1.6.32
#   chromium --headless --no-sandbox --window-size=1620,1900 --screenshot=shot.png index.html
import json, sys, urllib.parse, urllib.request
dash, start, end, out = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
d = json.load(open(dash))
step = max(5, int((end - start) / 300))
result = {"title": d["title"], "start": start, "end": end, "panels": []}
for p in d["panels"]:
    series = []
    for t in p["targets"]:
        q = urllib.parse.urlencode({"query": t["expr"], "start": start, "end": end, "step": step})
        data = json.load(urllib.request.urlopen("http://127.0.0.1:9090/api/v1/query_range?" + q))["data"]["result"]
        for r in data:
            label = t.get("legendFormat", "")
            for k, v in r["metric"].items():
                label = label.replace("{{" + k + "}}", v)
            series.append({"label": label, "expr": t["expr"], "values": [[float(a), float(b)] for a, b in r["values"]]})
    result["panels"].append({"title": p["title"], "type": p["type"], "unit": p["fieldConfig"]["defaults"].get("unit"),
                             "gridPos": p["gridPos"], "series": series})
open(out, "w").write("window.DASH = " + json.dumps(result, ensure_ascii=False) + ";\n")
print(sum(len(p["series"]) for p in result["panels"]), "series")
