#!/usr/bin/env python3
"""Where a server's request threads spend their time, by layer, from a JFR recording.

    python3 bench/jfr-layers.py recording.jfr

Reads the recording's jdk.ExecutionSample events (through the JDK's `jfr print`), keeps those of
Tomcat's request threads (http-nio-*) that are not loading entities (batch upserts, user creation),
and counts each sample once, at the first frame from the leaf that is not JDK code, in the layer
of that frame (Tomcat, Spring Security, Spring MVC, metrics, our code, ...). Also prints the
share of samples under a few marker frames (the security chain, DispatcherServlet, the fast
retrieval filter). Record with bench/retrieval.sh's PROFILE=file.jfr; JFR keeps 64 frames per stack
by default, so the inclusive shares miss frames nearer the root than that.
"""
import sys, re, subprocess, collections
if len(sys.argv) != 2:
    sys.exit('usage: python3 bench/jfr-layers.py recording.jfr')
out = subprocess.run(['jfr', 'print', '--events', 'jdk.ExecutionSample', '--stack-depth', '300', sys.argv[1]],
                     capture_output=True, text=True).stdout
samples = []
for block in out.split('jdk.ExecutionSample {')[1:]:
    m = re.search(r'sampledThread = "([^"]*)"', block)
    frames = [re.sub(r'\(.*$', '', l.strip()) for l in block.split('stackTrace = [', 1)[1].split('\n')[1:]
              if l.startswith('    ') and '(' in l]
    samples.append((m.group(1) if m else '?', frames))
LAYERS = [('org.citybrain.server.context.RenderedEntities', 'citybrain: rendered-JSON cache'),
          ('org.citybrain.hub.jsonld', 'citybrain: JSON-LD contexts'),
          ('org.citybrain.hub', 'citybrain: store find / entity'),
          ('org.citybrain.server.security', 'citybrain: token lookup'),
          ('org.citybrain.server.context', 'citybrain: controller / filter'),
          ('com.fasterxml.jackson', 'Jackson (rendering a miss)'),
          ('io.micrometer', 'metrics (observation, timer)'), ('org.springframework.web.filter.ServerHttpObservationFilter', 'metrics (observation, timer)'),
          ('org.springframework.security', 'Spring Security'),
          ('org.springframework.web.servlet', 'Spring MVC dispatch'), ('org.springframework.web.method', 'Spring MVC dispatch'),
          ('org.springframework.web.util', 'Spring MVC dispatch'), ('org.springframework.web.accept', 'Spring MVC dispatch'),
          ('org.springframework.http', 'Spring MVC headers / converters'), ('org.springframework.web.context', 'Spring web filters'),
          ('org.springframework.web', 'Spring web filters'), ('org.springframework', 'Spring other'),
          ('ch.qos.logback', 'logging'), ('org.slf4j', 'logging'),
          ('org.apache.catalina', 'Tomcat'), ('org.apache.coyote', 'Tomcat'), ('org.apache.tomcat', 'Tomcat')]
MARK = {'org.springframework.security.web.FilterChainProxy.doFilter': 'Spring Security chain',
        'org.springframework.web.servlet.DispatcherServlet.doDispatch': 'DispatcherServlet',
        'org.citybrain.server.context.EntityController.retrieve': 'EntityController.retrieve',
        'org.citybrain.server.context.FastEntityRead.doFilter': 'FastEntityRead',
        'org.springframework.web.filter.ServerHttpObservationFilter.doFilterInternal': 'observation filter',
        'org.apache.catalina.connector.CoyoteAdapter.service': 'CoyoteAdapter.service (container)'}
layer = collections.Counter(); incl = collections.Counter(); n = 0; other = collections.Counter()
for t, frames in samples:
    if 'http-nio' not in t:
        other[t.split('-')[0]] += 1; continue
    if any('EntityController.batch' in f or 'UserController' in f for f in frames): continue
    n += 1
    got = None
    for f in frames:
        for p, l in LAYERS:
            if f.startswith(p): got = l; break
        if got: break
    layer[got or 'JDK only: ' + (frames[0] if frames else '?')] += 1
    for mk in set(MARK[f] for f in frames if f in MARK): incl[mk] += 1
print(f'{sys.argv[1]}: {n} samples on request threads (loading excluded); other threads: {sum(other.values())}')
print('self time by layer (first non-JDK frame from the leaf):')
for k, v in layer.most_common(18): print(f'  {v*100/n:5.1f}%  {k}')
print('inclusive:')
for k, v in incl.most_common(): print(f'  {v*100/n:5.1f}%  {k}')
