#!/usr/bin/env python3
"""Writes ../en-US/PSZookeeper.dll-Help.xml (MAML) from help-spec.json (synopsis, description,
parameter texts, examples), provider-help.json (the ZooKeeper provider's help) and params.json (the cmdlets' real parameters, exported by
`pwsh -File export-params.ps1`). Run both after changing a cmdlet's parameters or help."""
import json, os
from xml.sax.saxutils import escape

here = os.path.dirname(os.path.abspath(__file__))
spec = json.load(open(os.path.join(here, 'help-spec.json'), encoding='utf-8'))
cmdlets = json.load(open(os.path.join(here, 'params.json'), encoding='utf-8'))
if isinstance(cmdlets, dict):
    cmdlets = [cmdlets]

def e(s): return escape(str(s))

def para(text, tag='maml:para'):
    return ''.join(f'<{tag}>{e(line)}</{tag}>' for line in str(text).split('\n'))

def param_xml(p, desc, tag='command:parameter'):
    pos = 'named' if p['Position'] is None or p['Position'] < 0 else str(p['Position'])
    pipe = 'True (ByValue)' if p['Pipeline'] else ('True (ByPropertyName)' if p['ByName'] else 'False')
    if p['Pipeline'] and p['ByName']:
        pipe = 'True (ByValue, ByPropertyName)'
    aliases = ', '.join(p.get('Aliases') or []) or 'None'
    return (f'<{tag} required="{str(p["Required"]).lower()}" variableLength="true" globbing="false" '
            f'pipelineInput="{pipe}" position="{pos}" aliases="{e(aliases)}">'
            f'<maml:name>{e(p["Name"])}</maml:name><maml:description>{para(desc)}</maml:description>'
            f'<command:parameterValue required="true" variableLength="false">{e(p["Type"])}</command:parameterValue>'
            f'<dev:type><maml:name>{e(p["Type"])}</maml:name></dev:type></{tag}>')

out = ['<?xml version="1.0" encoding="utf-8"?>',
       '<helpItems schema="maml" xmlns="http://msh">']
for c in sorted(cmdlets, key=lambda c: c['Name']):
    name = c['Name']
    s = spec.get(name)
    if s is None:
        raise SystemExit(f'help-spec.json has no entry for {name}')
    verb, noun = name.split('-', 1)
    pdesc = s.get('params', {})
    out.append('<command:command xmlns:maml="http://schemas.microsoft.com/maml/2004/10" '
               'xmlns:command="http://schemas.microsoft.com/maml/dev/command/2004/10" '
               'xmlns:dev="http://schemas.microsoft.com/maml/dev/2004/10">')
    out.append(f'<command:details><command:name>{e(name)}</command:name><maml:description>{para(s["synopsis"])}</maml:description>'
               f'<command:verb>{e(verb)}</command:verb><command:noun>{e(noun)}</command:noun></command:details>')
    out.append(f'<maml:description>{para(s["description"])}</maml:description>')
    out.append('<command:syntax>')
    allparams = {}
    for ps in c['Sets']:
        out.append(f'<command:syntaxItem><maml:name>{e(name)}</maml:name>')
        for p in ps['Params']:
            out.append(param_xml(p, pdesc.get(p['Name'], ''), 'command:parameter'))
            allparams.setdefault(p['Name'], p)
        out.append('</command:syntaxItem>')
    out.append('</command:syntax><command:parameters>')
    for pname in sorted(allparams):
        missing = pname not in pdesc
        if missing:
            raise SystemExit(f'help-spec.json: {name} has no text for -{pname}')
        out.append(param_xml(allparams[pname], pdesc[pname]))
    out.append('</command:parameters><command:examples>')
    for i, (code, remarks) in enumerate(s['examples'], 1):
        out.append(f'<command:example><maml:title>-------------------------- Example {i} --------------------------</maml:title>'
                   f'<dev:code>{e(code)}</dev:code><dev:remarks>{para(remarks)}</dev:remarks></command:example>')
    out.append('</command:examples>')
    out.append('<command:relatedLinks><maml:navigationLink><maml:linkText>about PSZookeeper: README.md</maml:linkText><maml:uri></maml:uri></maml:navigationLink></command:relatedLinks>')
    out.append('</command:command>')
provider = json.load(open(os.path.join(here, 'provider-help.json'), encoding='utf-8'))
out.append('<providerHelp>')
out.append(f'<Name>{e(provider["name"])}</Name><Drives>{para(provider["drives"], "para")}</Drives>')
out.append(f'<Synopsis>{e(provider["synopsis"])}</Synopsis><DetailedDescription>{para(provider["description"], "para")}</DetailedDescription>')
out.append(f'<Capabilities>{para(provider["capabilities"], "para")}</Capabilities><Filters/><Notes/><Tasks>')
n = 0
for task in provider['tasks']:
    out.append(f'<Task><Title>{e(task["title"])}</Title><Description>{para(task["description"], "para")}</Description><Examples>')
    for code, remarks in task['examples']:
        n += 1
        out.append(f'<Example><Title>-------------------------- EXAMPLE {n} --------------------------</Title><Introduction><para/></Introduction>'
                   f'<Code>{e(code)}</Code><Remarks>{para(remarks, "para")}</Remarks></Example>')
    out.append('</Examples></Task>')
out.append('</Tasks><DynamicParameters>')
for dp in provider['dynamicParameters']:
    out.append(f'<DynamicParameter><Name>{e(dp["name"])}</Name><CmdletSupported>{e(dp["cmdlets"])}</CmdletSupported>'
               f'<Type><Name>{e(dp["type"])}</Name></Type><Description>{para(dp["description"], "para")}</Description><PossibleValues/></DynamicParameter>')
out.append('</DynamicParameters><RelatedLinks><navigationLink><linkText>about PSZookeeper: README.md</linkText><uri></uri></navigationLink></RelatedLinks></providerHelp>')
out.append('</helpItems>')
with open(os.path.join(here, '..', 'en-US', 'PSZookeeper.dll-Help.xml'), 'w', encoding='utf-8') as f:
    f.write('\n'.join(out) + '\n')
print(f'wrote help for {len(cmdlets)} cmdlets and the {provider["name"]} provider')
