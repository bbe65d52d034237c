"""Tables of issue 4 acceptance from acceptance.sh output: per scenario x frame x loop rate (mean over seeds)
and per scenario (mean over frames and rates), fixed-point crash count."""
import json, sys, collections
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    if '\t' not in line: continue
    key, js = line.rstrip('\n').split('\t', 1)
    c, s, f, hz, seed = key.split()
    try: d = json.loads(js)
    except Exception: print("BAD", key, js[:200]); continue
    rows[(s, f, int(hz), c)].append(d)
scen = ["hover-recovery","attitude-steps","gusts","irregular-sampling","heavy-payload","noisy-imu","slow-motors"]
nominal = {"hover-recovery","attitude-steps"}
print("| scenario | frame | loop Hz | LTC fixed RMS (crashes) | LTC float RMS | PID RMS | fixed/PID | fixed-float |")
print("|---|---|---|---|---|---|---|---|")
agg = collections.defaultdict(lambda: collections.defaultdict(list))
crash_fixed = 0; total_fixed = 0
for s in scen:
  for f in ["quad250-brushless","esp-drone-brushed"]:
    for hz in [200,500,1000]:
      def m(c):
        r = rows[(s,f,hz,c)]
        if not r: return (float('nan'), 0, 0)
        return (sum(x["rmsAttitudeErrorDeg"] for x in r)/len(r), sum(1 for x in r if x["crashed"]), len(r))
      lf, lfl, p = m("ltc"), m("ltc-float"), m("pid")
      crash_fixed += lf[1]; total_fixed += lf[2]
      agg[s]["ltc"].append(lf[0]); agg[s]["pid"].append(p[0]); agg[s]["flt"].append(lfl[0])
      print(f"| {s} | {f} | {hz} | {lf[0]:.2f} ({lf[1]}/{lf[2]}) | {lfl[0]:.2f} ({lfl[1]}) | {p[0]:.2f} ({p[1]}) | {lf[0]/p[0]:.2f} | {lf[0]-lfl[0]:+.3f} |")
print()
print(f"fixed-point LTC crashes: {crash_fixed}/{total_fixed}")
print("| scenario | kind | LTC fixed mean RMS | PID mean RMS | ratio | margin (PID-LTC)/PID |")
print("|---|---|---|---|---|---|")
for s in scen:
  a = sum(agg[s]["ltc"])/len(agg[s]["ltc"]); b = sum(agg[s]["pid"])/len(agg[s]["pid"])
  print(f"| {s} | {'nominal' if s in nominal else 'stress'} | {a:.2f} | {b:.2f} | {a/b:.3f} | {100*(b-a)/b:+.1f}% |")
