"""Convert microsoft/Recognizers-Text Specs/DateTime/Dutch/*.json (MIT) into cases.jsonl / cases_parser_specs.jsonl.
Usage: python3 convert_from_upstream.py <dir with upstream Dutch spec json files> <output dir>
"""
import json, datetime as dt, collections, sys
SRC=sys.argv[1] if len(sys.argv)>1 else '/tmp/rt'  # folder holding the upstream Specs/DateTime/Dutch/*.json files
OUT=sys.argv[2] if len(sys.argv)>2 else '.'
COMMIT='90e968ea44dc8fda3f2e1c3e4b20aa233817488d'
BOUNDED_MODS={None,'start','end','mid'}
def load(n): return json.loads(open(f'{SRC}/{n}.json',encoding='utf-8-sig').read())
def D(s): return dt.date.fromisoformat(s[:10])
def DT(s): return dt.datetime.fromisoformat(s.replace(' ','T'))
def iso_ref(s):
    if not s: return None
    # keep the suite's anchor; normalise to ISO seconds
    try: return DT(s).replace(microsecond=0).isoformat()
    except ValueError: return s

def dayrange(kind, mod, r, timex=''):
    """r: dict with value / start / end (model keys) -> (earliest, latest) ISO days or None"""
    if mod not in BOUNDED_MODS: return None
    explicit=timex.startswith('(')
    try:
        if kind in ('date','datetime'):
            v=r.get('value')
            if not v or 'X' in v: return None
            d=D(v); return (d,d)
        if kind=='daterange':
            s,e=r.get('start'),r.get('end')
            if not s or not e or explicit: return None   # '(a,b,P..)' ranges: end inclusiveness ambiguous
            s,e=D(s),D(e)
            if e<=s: return None
            return (s,e-dt.timedelta(days=1))   # suite's end is exclusive (cf. P-durations in timex)
        if kind=='datetimerange':
            s,e=r.get('start'),r.get('end')
            if not s or not e or len(s)<19 or len(e)<19: return None
            s,e=DT(s),DT(e)
            if e<=s: return None
            le=e.date()
            if e.time()==dt.time(0):
                if explicit: return None
                le=le-dt.timedelta(days=1)
            if le<s.date(): return None
            return (s.date(),le)
    except ValueError:
        return None
    return None

def combine(rs):
    if not rs or any(x is None for x in rs): return (None,None)
    if len(set(rs))!=1: return (None,None)
    a,b=rs[0]; return (a.isoformat(),b.isoformat())

def fix_span(inp, text, start, end_excl):
    """return (start,end) code-point offsets or None"""
    if start is None or start<0 or not text.strip(): return None
    if inp[start:end_excl].lower()==text.lower(): return (start,end_excl)
    return None

stats=collections.Counter()
def model_cases():
    d=load('DateTimeModel'); out=[]; seen=set()
    for i,x in enumerate(d):
        key=json.dumps([x['Input'],x['Context'].get('ReferenceDateTime'),x['Results']],sort_keys=True,ensure_ascii=False)
        if key in seen: stats['model_dup']+=1; continue
        seen.add(key)
        inp=x['Input']; exprs=[]; ok=True
        for r in x['Results']:
            tn=(r.get('TypeName') or r.get('Typename')).split('.')[-1]
            sp=fix_span(inp,r['Text'],r['Start'],r['End']+1)
            if sp is None: ok=False; break
            vals=r['Resolution']['values']
            timexes=[]
            for v in vals:
                t=v.get('timex')
                if t and t not in timexes: timexes.append(t)
            if not timexes:
                if tn=='timezone' and vals and vals[0].get('value'): timexes=[vals[0]['value']]
                else: ok=False; break
            mods=sorted(set(v.get('Mod') for v in vals),key=str)
            mod=mods[0] if len(mods)==1 else 'MIXED'
            e,l=combine([dayrange(v.get('type',tn),v.get('Mod'),v,v.get('timex') or '') for v in vals])
            exprs.append({'text':inp[sp[0]:sp[1]],'start':sp[0],'end':sp[1],'type':tn,'value':timexes[0],
                          'earliest':e,'latest':l,'alt_values':timexes[1:],'mod':mod,'resolution':vals})
        if not ok: stats['model_dropped_unmappable']+=1; continue
        c={'id':f'rt-nl-model-{i:04d}','text':inp,'reference_datetime':iso_ref(x['Context'].get('ReferenceDateTime')),
           'expressions':exprs,'complete_annotation':True,
           'source':{'file':'Specs/DateTime/Dutch/DateTimeModel.json','index':i},
           'not_supported':x.get('NotSupported'),'comment':x.get('Comment')}
        out.append(c)
    return out

PARSERS=['DateParser','DatePeriodParser','TimeParser','TimePeriodParser','DateTimeParser','DateTimePeriodParser',
         'DurationParser','SetParser','HolidayParser','TimeZoneParser']
def res_to_model(kind,res):
    if not res: return {}
    m={}
    for k,v in res.items():
        if k in ('date','dateTime','time','duration','set','value'): m['value']=v
        elif k in ('startDate','startDateTime','startTime','start'): m['start']=v
        elif k in ('endDate','endDateTime','endTime','end'): m['end']=v
        else: m[k]=v
    return m
def parser_cases(model_keys):
    out=[]
    for n in PARSERS:
        try: d=load(n)
        except FileNotFoundError: continue
        for i,x in enumerate(d):
            inp=x['Input']; ref=(x.get('Context') or {}).get('ReferenceDateTime')
            if (inp,iso_ref(ref)) in model_keys: stats['parser_dup_of_model']+=1; continue
            exprs=[]; ok=True
            if x.get('NotSupported'): stats['parser_not_supported_skipped']+=1; continue
            if not x.get('Results'): stats['parser_empty_skipped']+=1; continue
            for r in x['Results']:
                sp=fix_span(inp,r['Text'],r.get('Start'),r.get('Start',-1)+r.get('Length',0))
                V=r.get('Value') or {}
                tx=V.get('Timex') or V.get('timex')
                kind=r.get('Type')
                if sp is None or not tx or not kind: ok=False; break
                mod=V.get('Mod')
                fr,pr=V.get('FutureResolution'),V.get('PastResolution')
                rs=[dayrange(kind,mod,res_to_model(kind,z),tx) for z in ([fr,pr] if fr!=pr else [fr])]
                e,l=combine(rs)
                exprs.append({'text':inp[sp[0]:sp[1]],'start':sp[0],'end':sp[1],'type':kind,'value':tx,
                              'earliest':e,'latest':l,'alt_values':[],'mod':mod,
                              'resolution':{'future':fr,'past':pr}})
            if not ok: stats['parser_dropped_unmappable']+=1; continue
            out.append({'id':f'rt-nl-{n}-{i:04d}','text':inp,'reference_datetime':iso_ref(ref),'expressions':exprs,
                        'complete_annotation':False,
                        'source':{'file':f'Specs/DateTime/Dutch/{n}.json','index':i},
                        'not_supported':x.get('NotSupported'),'comment':x.get('Comment')})
    # dedupe
    seen=set(); res=[]
    for c in out:
        k=(c['text'],c['reference_datetime'],json.dumps(c['expressions'],sort_keys=True))
        if k in seen: stats['parser_dup']+=1; continue
        seen.add(k); res.append(c)
    return res

m=model_cases()
p=parser_cases({(c['text'],c['reference_datetime']) for c in m})
for name,cs in (('cases.jsonl',m),('cases_parser_specs.jsonl',p)):
    with open(f'{OUT}/{name}','w',encoding='utf-8') as f:
        for c in cs: f.write(json.dumps(c,ensure_ascii=False)+'\n')
    t=collections.Counter(e['type'] for c in cs for e in c['expressions'])
    el=sum(1 for c in cs for e in c['expressions'] if e['earliest'])
    print(name,len(cs),'cases',sum(len(c['expressions']) for c in cs),'exprs',dict(t),'with earliest/latest',el,
          'no-expr cases',sum(1 for c in cs if not c['expressions']),'not_supported',sum(1 for c in cs if c['not_supported']))
print(dict(stats))
