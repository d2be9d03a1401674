# Writes ../history.kpi, the replayable history of the example ledger: python3 generate-history.py
# Generates ledger-example/history.kpi (the replayable history of the example ledger).
import itertools
out=[]
blocks=[]   # (date, lines): every step block is emitted in date order at the end
def w(s=""):
    (blocks[-1][1] if blocks else out).append(s)
def at(date, who):
    blocks.append((date, [f"@ {date} {PEOPLE[who]}"]))
PEOPLE={
 "helen":"Helen Ho <hr@northwind.example>",
 "grace":"Grace Liu <grace@northwind.example>",
 "dana":"Dana Wu <dana@northwind.example>",
 "li":"Li Wei <li.wei@northwind.example>",
 "alice":"Alice Chen <alice@northwind.example>",
 "tom":"Tom Zhang <tom@northwind.example>",
 "marco":"Marco Rossi <marco@northwind.example>",
 "mei":"Mei Lin <mei@northwind.example>",
}
w("# The history of the Northwind Apps example ledger: every step as it happened, with the")
w("# author and date it happened at. `kpi demo` replays it into real commits.")
w("# `@ DATE Name <email>` sets who acts from there on; `write`/`replace` are hand edits in an editor.")
w()
at("2025-12-15T09:00:00+08:00","helen")
w('kpi init . --name "Northwind Apps"')
w('replace ledger.yaml "admins:\\n" "admins:\\n  - hr@northwind.example\\n"')
w('kpi commit -m "HR is the ledger admin"')
people=[
 ("grace","Grace Liu","刘佳","grace@northwind.example",None,None,"ceo",None),
 ("dana","Dana Wu","吴丹","dana@northwind.example","grace",None,"director","product_department"),
 ("marco","Marco Rossi",None,"marco@northwind.example","grace",None,"director","marketing_department"),
]
for pid,name,zh,email,mgr,team,level,card in people:
    cmd=f'kpi person add {pid} --name "{name}" --email {email} --level {level}'
    if mgr: cmd+=f" --manager {mgr}"
    if card: cmd+=f" --scorecard {card}"
    w(cmd)
w('kpi team add product --name "Product 产品部" --lead dana --scorecard product_department')
w('kpi team add marketing --name "Marketing 市场部" --lead marco --scorecard marketing_department')
for pid,name,email,mgr,team,level,card in [
 ("li","李伟 Li Wei","li.wei@northwind.example","dana","product","senior","pm_senior"),
 ("alice","陈爱丽 Alice Chen","alice@northwind.example","dana","product","mid","pm_mid"),
 ("tom","张涛 Tom Zhang","tom@northwind.example","li","product","junior","pm_junior"),
 ("mei","林美 Mei Lin","mei@northwind.example","marco","marketing","mid","marketing_department"),
]:
    w(f'kpi person add {pid} --name "{name}" --email {email} --manager {mgr} --team {team} --level {level} --scorecard {card}')
w('replace people/dana.yaml "level: director\\n" "level: director\\nteam: product\\n"')
w('replace people/marco.yaml "level: director\\n" "level: director\\nteam: marketing\\n"')
w('kpi commit -m "Directors belong to their departments"')
w()

# Goals: subject -> metric -> (weight, core, per-quarter (baseline, target))
G={
 "alice":[("retention",40,True,[("36%","40%"),("39%","43%"),("44%","48%"),("46%","50%")]),
          ("conversion_rate",25,True,[(None,"3.0%"),(None,"3.2%"),(None,"3.5%"),(None,"3.6%")]),
          ("on_time_delivery",20,True,[(None,"90%")]*4),
          ("nps",5,False,[("25","30"),("28","32"),("31","35"),("34","38")]),
          ("collaboration",10,False,[(None,"4")]*4)],
 "li":[("revenue",35,True,[(None,"400万"),(None,"500万"),(None,"520万"),(None,"560万")]),
       ("strategic_goals",25,True,[(None,"80%")]*4),
       ("nps",25,True,[("25","30"),("28","32"),("31","35"),("34","38")]),
       ("launch_quality",10,False,[(None,"4")]*4),
       ("collaboration",5,False,[(None,"4")]*4)],
 "tom":[("on_time_delivery",45,True,[(None,"85%"),(None,"88%"),(None,"90%"),(None,"90%")]),
        ("task_completion",30,True,[("70%","78%"),("75%","80%"),("78%","84%"),("82%","86%")]),
        ("conversion_rate",15,False,[(None,"3.0%"),(None,"3.2%"),(None,"3.5%"),(None,"3.6%")]),
        ("collaboration",10,False,[(None,"4")]*4)],
 "dana":[("market_share",35,True,[("11%","12%"),("12%","13.5%"),("13%","15%"),("14.5%","16%")]),
         ("retention",25,True,[("36%","40%"),("39%","43%"),("44%","48%"),("46%","50%")]),
         ("revenue",25,True,[(None,"1000万"),(None,"1200万"),(None,"1300万"),(None,"1400万")]),
         ("on_time_delivery",10,False,[(None,"90%")]*4),
         ("collaboration",5,False,[(None,"4")]*4)],
 "marco":[("new_users",35,True,[(None,"3.0万"),(None,"3.5万"),(None,"4.0万"),(None,"4.5万")]),
          ("brand_search_index",20,True,[("1200","1500"),("1400","1700"),("1650","1900"),("1800","2100")]),
          ("campaign_roi",25,True,[(None,"3.5"),(None,"3.5"),(None,"4"),(None,"4")]),
          ("repurchase_rate",15,False,[("18%","20%"),("19%","22%"),("21%","24%"),("22%","25%")]),
          ("collaboration",5,False,[(None,"4")]*4)],
 "mei":[("marketing_growth",35,True,[(None,"30%"),(None,"35%"),(None,"40%"),(None,"40%")]),
        ("reputation",20,False,[("70","75"),("72","78"),("75","80"),("78","82")]),
        ("cac",25,True,[("¥140","¥120"),("¥130","¥115"),("¥125","¥115"),("¥150","¥130")]),
        ("ltv_cac",15,True,[(None,"3.5")]*4),
        ("collaboration",5,False,[(None,"4")]*4)],
}
SETTER={"alice":"dana","li":"dana","tom":"li","dana":"grace","marco":"grace","mei":"marco"}
GOAL_DATES={1:"2025-12-22",2:"2026-03-26",3:"2026-06-25",4:"2026-09-28"}
REASON={
 1:"Q1 goals agreed in the December 1:1s",
 2:"Q2 goals agreed before the quarter",
 3:"Q3 goals: retention push after the onboarding launch",
 4:"Q4 goals agreed before the quarter",
}
NOTES={("alice",3):"  # retention is the bet of the half: the onboarding redesign shipped in June\n",
       ("mei",2):"  # CAC target assumes the short-video channel keeps its Q1 price\n"}
def sheet(subj,q):
    lines=[f"# {subj}'s goals for 2026-Q{q}, agreed with their manager before the quarter",
           f"subject: {subj}", f"quarter: 2026-Q{q}", "goals:"]
    for metric,weight,core,vals in G[subj]:
        b,t=vals[q-1]
        note=NOTES.get((subj,q)) if metric in ("retention","cac") else None
        if note: lines.append(note.rstrip("\n"))
        lines.append(f"  - metric: {metric}")
        if b: lines.append(f"    baseline: {b}")
        lines.append(f"    target: {t}")
        lines.append(f"    weight: {weight}")
        if core: lines.append("    core: true")
        if (subj,metric,q) in ALIGN: lines.append(f"    aligns_to: {ALIGN[(subj,metric,q)]}")
    return "\n".join(lines)+"\n"

# Q4 goals cascade from the product department's own (kpi tree shows the cascade).
ALIGN={("dana","retention",4):"product/retention",("dana","revenue",4):"product/revenue",
       ("alice","retention",4):"product/retention",("li","revenue",4):"product/revenue"}
def product_q4():
    # The product department's own Q4 goals, the department scorecard's shape (dana's, as its
    # director); its people's goals align to them.
    lines=["# The product department's own Q4 goals: its people's goals align to them (aligns_to)",
           "subject: product","quarter: 2026-Q4","goals:"]
    for metric,weight,core,vals in G["dana"]:
        b,t=vals[3]
        lines.append(f"  - metric: {metric}")
        if b: lines.append(f"    baseline: {b}")
        lines += [f"    target: {t}", f"    weight: {weight}"] + (["    core: true"] if core else [])
    return "\n".join(lines)+"\n"

# Monthly actuals: (subject, metric) -> 12 monthly values (None = not recorded)
M={
 ("alice","retention"):["37%","38%","39%","40%","41%","45%","46%","45%","45%","47%","48%",None],
 ("dana","retention"):["37%","38%","39%","40%","41%","45%","46%","45%","45%","47%","48%",None],
 ("alice","conversion_rate"):["2.7%","3.0%","3.3%","3.1%","3.2%","3.6%","3.4%","3.5%","3.6%","3.7%",None,None],
 ("tom","conversion_rate"):["2.7%","3.0%","3.3%","3.1%","3.2%","3.6%","3.4%","3.5%","3.6%","3.7%",None,None],
 # On-time delivery is on time ÷ planned over the quarter, from monthly counts that sum:
 # Alice's Q3 is 3/3, 2/3 and 4/4, 9 of 10 = 90% (the mean of the monthly rates would say 88.9%).
 ("alice","delivered_on_time"):["4","9","3","9","4","3","3","2","4","9",None,None],
 ("alice","deliveries_planned"):["5","10","3","10","5","3","3","3","4","10",None,None],
 ("alice","nps"):["26","27","28","29","30","33","33","34","34","36",None,None],
 ("li","nps"):["26","27","28","29","30","33","33","34","34","36",None,None],
 ("li","revenue"):["120万","130万","160万","110万","140万","190万","170万","180万","190万","180万",None,None],
 ("dana","revenue"):["300万","320万","390万","350万","380万","460万","420万","440万","470万","450万",None,None],
 # The product department's own Q4 goals (its people's goals align to them) get its own figures.
 ("product","retention"):[None]*9+["47%",None,None],
 ("product","revenue"):[None]*9+["450万",None,None],
 ("product","market_share"):[None]*9+["15.1%",None,None],
 ("product","delivered_on_time"):[None]*9+["18",None,None],
 ("product","deliveries_planned"):[None]*9+["20",None,None],
 ("li","strategic_goals"):["60%","70%","85%","55%","70%","80%","60%","75%","90%","65%",None,None],
 ("li","launch_quality"):["4","3.5","4.5","4","4","5","4","4.5","4","4",None,None],
 ("tom","delivered_on_time"):["7","8","9","8","9","9","8","7","9","9",None,None],
 ("tom","deliveries_planned"):["10","10","10","10","10","10","10","10","10","10",None,None],
 ("tom","task_completion"):["72%","74%","77%","76%","78%","81%","80%","82%","85%","84%",None,None],
 ("dana","market_share"):["11.2%","11.6%","12.1%","12.4%","12.9%","13.8%","13.9%","14.3%","14.8%","15.1%",None,None],
 ("dana","delivered_on_time"):["16","17","19","17","17","19","18","16","17","18",None,None],
 ("dana","deliveries_planned"):["20","20","20","20","20","20","20","20","20","20",None,None],
 ("marco","new_users"):["0.9万","1.0万","1.2万","1.1万","1.2万","1.3万","1.3万","1.4万","1.4万","1.5万",None,None],
 ("mei","new_users"):["0.9万","1.0万","1.2万","1.1万","1.2万","1.3万","1.3万","1.4万","1.4万","1.5万",None,None],
 ("mei","natural_new_users"):["7000","7500","8500","8000","8500","9000","9500","10000","10000","11000",None,None],
 ("marco","brand_search_index"):["1350","1420","1560","1600","1680","1750","1800","1880","1920","1990",None,None],
 ("marco","campaign_return"):["60万","70万","90万","80万","85万","100万","95万","105万","110万","100万",None,None],
 ("marco","campaign_cost"):["18万","20万","24万","22万","24万","28万","27万","28万","30万","29万",None,None],
 ("marco","repurchase_rate"):["18.5%","19%","19.5%","20%","21%","22%","22%","23%","23.5%","24%",None,None],
 ("mei","reputation"):["71","73","74","74","76","77","77","79","80","80",None,None],
 # the channel whose CAC climbs: short-video ads get dearer every month
 ("mei","cac"):["¥135","¥128","¥124","¥126","¥131","¥138","¥142","¥149","¥158","¥166",None,None],
 ("mei","ltv"):["¥520","¥525","¥530","¥535","¥540","¥545","¥550","¥555","¥560","¥565",None,None],
}
COLLAB={"alice":["4","4.5","4"],"li":["4","4","3.5"],"tom":["3.5","4","4.5"],"dana":["4","4","4"],"marco":["4","3.5","4"],"mei":["4.5","4","4"]}
DEPT={"product":"dana","alice":"dana","li":"dana","tom":"dana","dana":"dana","marco":"marco","mei":"marco"}
def month_end(m):
    return {1:31,2:28,3:31,4:30,5:31,6:30,7:31,8:31,9:30,10:31,11:30,12:31}[m]

def goals_quarter(q):
    d=GOAL_DATES[q]
    by={}
    for subj,setter in SETTER.items(): by.setdefault(setter,[]).append(subj)
    for setter in ["grace","dana","li","marco"]:
        at(f"{d}T16:30:00+08:00",setter)
        if q==4 and setter=="grace":
            w("write goals/2026-Q4/product.yaml <<END")
            w(product_q4().rstrip("\n"))
            w("END")
        for subj in by[setter]:
            w(f"write goals/2026-Q{q}/{subj}.yaml <<END")
            w(sheet(subj,q).rstrip("\n"))
            w("END")
        names=", ".join((["product"] if q==4 and setter=="grace" else [])+by[setter])
        w(f'kpi commit -m "{REASON[q]} ({names})"')
    w()

def month_records(m):
    # Each director imports the month's figures for the department in one commit.
    for director in ["dana","marco"]:
        rows=[]
        for (subj,metric),vals in M.items():
            if DEPT[subj]!=director or vals[m-1] is None: continue
            if subj=="tom" and m==8 and metric=="delivered_on_time": continue
            rows.append(f"{subj},{metric},2026-{m:02d}-{month_end(m):02d},{vals[m-1]},monthly BI export")
        if not rows: continue
        nm=m%12+1; yr=2026 if m<12 else 2027
        at(f"{yr}-{nm:02d}-03T10:00:00+08:00",director)
        w(f"scratch {director}-2026-{m:02d}.csv <<END")
        w("subject,metric,date,value,source")
        for r in rows: w(r)
        w("END")
        w(f'kpi import $SCRATCH/{director}-2026-{m:02d}.csv -m "{"Product" if director=="dana" else "Marketing"} actuals for 2026-{m:02d}"')
    if m==8:
        # Tom records his own August deliveries on time (of the 10 planned).
        at("2026-09-01T09:15:00+08:00","tom")
        w('kpi record tom delivered_on_time 7 --date 2026-08-31 --source "Jira report" --note "three releases slipped"')
    if m%3==0:
        q=m//3
        for subj in ["alice","li","tom","dana","marco","mei"]:
            at(f"2026-{m:02d}-{month_end(m)-1:02d}T17:00:00+08:00",subj)
            w(f'kpi record {subj} collaboration {COLLAB[subj][(q-1)%3]} --date 2026-{m:02d}-{month_end(m)-1:02d} --source "peer survey"')

REVIEWS={
 1:{"alice":("A","Steady quarter; conversion on plan.","Retention moved from 37% to 39% without a launch.\nConversion averaged exactly 3.0%.\nNext: ship the onboarding redesign."),
    "li":("B","Revenue short of plan, strategy work strong.","Revenue 410万 against 400万 was fine, but two strategic milestones slipped into Q2."),
    "tom":("B","Good first quarter.","Delivery improved every month (70% → 90%).\nPair with Alice on release planning."),
    "mei":("A","Growth well above the natural baseline.","Marketing-driven growth beat its target.\nWatch the short-video channel's CAC.")},
 2:{"alice":("S","Onboarding redesign shipped early; retention jumped to 45%.","The June launch lifted 30-day retention from 41% to 45%.\nBonus for shipping two weeks early."),
    "li":("A","Revised revenue plan met.","The Acme deal moved to Q3, as agreed in April; the revised target was met."),
    "tom":("B","Delivery on plan.","Task completion is the next focus."),
    "mei":("B","CAC is starting to climb.","The short-video channel got dearer every month since April.\nProposed: shift 20% of budget to search.")},
 3:{"alice":("A","Retention held at 45%.","Retention held after the launch, below the 48% stretch.\n(The target was later revised to 45%: see the audit.)"),
    "li":("A","Acme closed.","Revenue 540万 with the Acme deal."),
    "tom":("B","A difficult August.","Three releases slipped in August; the count was corrected after review."),
    "mei":("C","CAC over target all quarter.","CAC rose from ¥142 to ¥158; LTV/CAC fell below 4.\nThe budget shift to search starts in Q4.")},
}
REVIEWER={"alice":"dana","li":"dana","tom":"li","mei":"marco"}
def reviews(q):
    d={1:"2026-04-03",2:"2026-07-03",3:"2026-10-06"}[q]
    for subj,(rating,summary,notes) in REVIEWS[q].items():
        at(f"{d}T15:00:00+08:00",REVIEWER[subj])
        w(f"scratch review-{subj}-q{q}.txt <<END")
        for line in notes.split("\n"): w(line)
        w("END")
        w(f'kpi review {subj} --quarter 2026-Q{q} --reviewer {REVIEWER[subj]} --rating {rating} --summary "{summary}" --notes-file $SCRATCH/review-{subj}-q{q}.txt')

def close(q, d):
    at(f"{d}T18:00:00+08:00","helen")
    w(f'kpi close 2026-Q{q} -m "2026-Q{q} results final"')


goals_quarter(1)
for m in (1,2,3): month_records(m)
reviews(1); close(1,"2026-04-06"); w()

goals_quarter(2)
at("2026-04-08T11:20:00+08:00","dana")
w('kpi goal set li revenue --quarter 2026-Q2 --target 420万 -m "Revise Li\'s Q2 revenue target: the Acme deal moved to Q3\\n\\nFrom 500万 to 420万: the Acme enterprise deal moved to Q3 (agreed with Grace on 2026-04-07)."')
for m in (4,5,6): month_records(m)
at("2026-06-30T18:00:00+08:00","dana")
w('replace goals/2026-Q2/alice.yaml "goals:\\n" "bonus:\\n  - points: 2\\n    reason: Shipped the onboarding redesign two weeks early\\ngoals:\\n"')
w('kpi commit -m "Bonus for Alice: onboarding redesign shipped early"')
reviews(2); close(2,"2026-07-06")
at("2026-07-20T10:00:00+08:00","marco")
w('kpi record marco campaign_return 12万 --date 2026-06-30 --source "partner invoice" --reopen --reason "Partner invoice for June arrived after the close"')
w()

goals_quarter(3)
for m in (7,8):
    month_records(m)
# The after-the-fact edit: Tom's August figure is changed by hand in an editor.
at("2026-09-10T20:45:00+08:00","li")
w('replace records/2026-Q3/tom.yaml "value: 7\\n    source: Jira report" "value: 8\\n    source: Jira report"')
w('kpi commit -m "Correct Tom\'s August on-time deliveries"')
# The quiet easing: after July and August results, the retention target goes down.
at("2026-09-20T22:10:00+08:00","dana")
w('kpi goal set alice retention --quarter 2026-Q3 --target 45% -m "Update goals"')
month_records(9)
at("2026-09-30T11:00:00+08:00","helen")
w('replace ledger.yaml "policies:" "calibration:\\n  distribution:\\n    S: 10%\\n    A: 25%\\n    B: 40%\\n    C: 20%\\n    D: 5%\\nincentives:\\n  multipliers:\\n    S: 1.5\\n    A: 1.2\\n    B: 1.0\\n    C: 0.7\\n    D: 0\\npolicies:"')
w('kpi commit -m "Target rating distribution and bonus multipliers for the Q3 calibration"')
reviews(3)
# Li's review proposes him for the innovation award.
at("2026-10-06T15:30:00+08:00","dana")
w('replace reviews/2026-Q3/li.yaml "summary:" "awards:\\n  - innovation\\naward_reason: The Acme integration platform, reused by three teams\\nsummary:"')
w('kpi commit -m "Propose Li for the Q3 innovation award"')
# The product calibration meeting settles Alice's Q3 rating, with its reason.
at("2026-10-07T14:00:00+08:00","dana")
w("write calibration/2026-Q3/product.yaml <<END")
w("# Product's Q3 calibration meeting, 2026-10-07")
w("attendees:")
w("  - grace")
w("  - dana")
w("  - li")
w("ratings:")
w("  - subject: alice")
w("    rating: B")
w("    reason: Retention ended at 45%, short of the 48% agreed before the quarter; the mid-quarter cut to 45% does not count")
w("END")
w('kpi commit -m "Product Q3 calibration: Alice A → B"')
close(3,"2026-10-08"); w()

goals_quarter(4)
for m in (10,):
    month_records(m)
# Tom's check-ins on task completion: the numbers hold, his confidence in the 86% target falls.
for day,value,confidence in [("2026-10-15","83%",8),("2026-11-05","84%",6),("2026-11-16","84%",5)]:
    at(f"{day}T18:00:00+08:00","tom")
    w(f'kpi record tom task_completion {value} --date {day} --source "weekly check-in" --confidence {confidence}')
at("2026-11-18T09:30:00+08:00","alice")
w('kpi record alice retention 48% --date 2026-11-17 --source "analytics export" --note "mid-month cohort" --confidence 6')
# A wrong figure corrected the right way: a new record replaces it, with the reason.
at("2026-11-19T10:15:00+08:00","dana")
w('kpi record alice conversion_rate 3.5% --date 2026-10-31 --corrects 2026-10-31 --note "the October export counted test accounts"')
ordered=[]
for date, lines in sorted(blocks, key=lambda b: b[0]):
    while lines and lines[-1]=="": lines.pop()
    ordered += lines + [""]
import os
open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "history.kpi"),"w").write("\n".join(out + ordered)+"\n")
