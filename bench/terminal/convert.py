#!/usr/bin/env python3
"""Convert an archc .arch file into equivalent Graph::Easy and D2 sources.

Only the drawing-relevant part is kept: declarations (nodes / containers, with their
quoted label or their name), nesting, edges (-> solid, ~> async) and edge labels,
the title and `direction right`. Attributes, context and ports are dropped (ports
are resolved to their owning node).
"""
import re, sys, json

TOK = re.compile(r'''
    (?P<ws>\s+) | (?P<comment>\#[^\n]*) | (?P<str>"(?:[^"\\]|\\.)*") |
    (?P<arrow>->|~>) | (?P<punct>[\[\]{}:=,]) |
    (?P<ident>(?:[A-Za-z0-9_.$%*/+]|-(?!>))+)
''', re.X)

def tokenize(src):
    out, i = [], 0
    while i < len(src):
        m = TOK.match(src, i)
        if not m:
            raise SyntaxError(f"bad char {src[i]!r} at {i}: {src[i:i+40]!r}")
        i = m.end()
        k = m.lastgroup
        if k in ('ws', 'comment'):
            continue
        v = m.group(k)
        if k == 'str':
            v = json.loads(v)
        out.append((k, v))
    return out

class Node:
    def __init__(self, kind, name, label, parent):
        self.kind, self.name, self.label, self.parent = kind, name, label, parent
        self.children = []
    def path(self):
        p, n = [], self
        while n and n.parent is not None:
            p.append(n.name); n = n.parent
        return list(reversed(p))
    def descendants(self):
        for c in self.children:
            yield c
            yield from c.descendants()

class Parser:
    def __init__(self, toks):
        self.t, self.i = toks, 0
        self.root = Node('root', '', '', None)
        self.title, self.direction = None, 'down'
        self.edges = []  # (scope, src_ref, dst_ref, label, async)
    def peek(self, o=0):
        j = self.i + o
        return self.t[j] if j < len(self.t) else (None, None)
    def next(self):
        tok = self.peek(); self.i += 1; return tok
    def skip_balanced(self, open_, close):
        assert self.next() == ('punct', open_)
        depth = 1
        while depth:
            k, v = self.next()
            if k is None: raise SyntaxError('unbalanced')
            if (k, v) == ('punct', open_): depth += 1
            elif (k, v) == ('punct', close): depth -= 1
    def body(self, scope):
        while True:
            k, v = self.peek()
            if k is None or (k, v) == ('punct', '}'):
                return
            if k != 'ident':
                raise SyntaxError(f'unexpected {k} {v!r} at token {self.i}')
            if self.peek(1)[0] == 'arrow':
                self.edge(scope)
            elif v == 'title':
                self.next(); self.title = self.next()[1]
            elif v == 'direction':
                self.next(); self.direction = self.next()[1]
            elif v == 'context':
                self.next(); self.skip_balanced('[', ']')
            elif v == 'port':
                self.next(); self.next(); assert self.next() == ('punct', '='); self.next()
            else:
                self.decl(scope)
    def decl(self, scope):
        kind = self.next()[1]
        name = self.next()[1]
        label = None
        if self.peek()[0] == 'str':
            label = self.next()[1]
        n = Node(kind, name, label if label is not None else name, scope)
        scope.children.append(n)
        if self.peek() == ('punct', '['):
            self.skip_balanced('[', ']')
        if self.peek() == ('punct', '{'):
            self.next(); self.body(n); assert self.next() == ('punct', '}')
    def edge(self, scope):
        refs, kinds = [self.next()[1]], []
        while self.peek()[0] == 'arrow':
            kinds.append(self.next()[1]); refs.append(self.next()[1])
        label = None
        if self.peek() == ('punct', ':'):
            self.next(); label = self.next()[1]
        if self.peek() == ('punct', '['):
            self.skip_balanced('[', ']')
        for a, b, k in zip(refs, refs[1:], kinds):
            self.edges.append((scope, a, b, label, k == '~>'))

def resolve(scope, ref):
    segs = ref.split('.')
    first = segs[0]
    s = scope
    node = None
    while s is not None:
        direct = [c for c in s.children if c.name == first]
        if direct:
            node = direct[0]; break
        cands = [d for d in s.descendants() if d.name == first]
        if len(cands) == 1:
            node = cands[0]; break
        if len(cands) > 1:
            raise LookupError(f'ambiguous {ref} in {scope.path()}')
        s = s.parent
    if node is None:
        raise LookupError(f'unresolved {ref}')
    for seg in segs[1:]:
        kids = [c for c in node.children if c.name == seg]
        if not kids:
            break  # a port
        node = kids[0]
    return node

def is_container(n):
    return bool(n.children)

# ---------------------------------------------------------------- Graph::Easy
def ge_esc(s):
    return s.replace('\\', '\\\\').replace('#', '\\#').replace(';', '\\;').replace('{', '\\{').replace('}', '\\}').replace('[', '\\[').replace(']', '\\]').replace('|', '\\|')

def to_graph_easy(p, edges):
    nid = lambda n: '/'.join(n.path())
    endpoints = {id(x) for e in edges for x in e[:2]}
    lines = []
    flow = 'east' if p.direction == 'right' else 'south'
    head = f'graph {{ flow: {flow}; '
    if p.title:
        head += f'label: {ge_esc(p.title)}; '
    lines.append(head + '}')
    notes = []
    gcount = [0]
    def emit(container, depth):
        # container -> one flat group holding its direct leaves (+ an anchor node when
        # the container is an edge endpoint or is empty); sub-containers emitted after.
        leaves = [c for c in container.children if not is_container(c)]
        subs = [c for c in container.children if is_container(c)]
        members = []
        anchor_needed = container.parent is not None and (id(container) in endpoints or not container.children)
        if anchor_needed:
            members.append(f'[ {nid(container)} ] {{ label: {ge_esc(container.label)}; }}')
        for l in leaves:
            members.append(f'[ {nid(l)} ] {{ label: {ge_esc(l.label)}; }}')
        if container.parent is None:
            lines.extend(members)
        elif members:
            gcount[0] += 1
            lines.append(f'( g{gcount[0]}')
            lines.extend('  ' + m for m in members)
            lines.append(f') {{ label: {ge_esc(container.label)}; }}')
        else:
            notes.append(f'container {nid(container)!r} ({container.label}) has no direct leaves: flattened away')
        for s in subs:
            emit(s, depth + 1)
    emit(p.root, 0)
    for a, b, label, asy in edges:
        arrow = '..>' if asy else '-->'
        attr = f' {{ label: {ge_esc(label)}; }}' if label else ''
        lines.append(f'[ {nid(a)} ] {arrow}{attr} [ {nid(b)} ]')
    return '\n'.join(lines) + '\n', notes

# ---------------------------------------------------------------- D2
def d2_q(s):
    return json.dumps(s)

def to_d2(p, edges):
    lines = []
    if p.direction == 'right':
        lines.append('direction: right')
    # No title: in D2 v0.9.0's text output a `title {near: top-center; shape: text}`
    # renders as an empty box without its text, so the title is left out.
    def emit(n, ind):
        pad = '  ' * ind
        if n.children:
            lines.append(f'{pad}{d2_q(n.name)}: {d2_q(n.label)} {{')
            for c in n.children:
                emit(c, ind + 1)
            lines.append(f'{pad}}}')
        else:
            lines.append(f'{pad}{d2_q(n.name)}: {d2_q(n.label)}')
    for c in p.root.children:
        emit(c, 0)
    key = lambda n: '.'.join(d2_q(s) for s in n.path())
    for a, b, label, asy in edges:
        s = f'{key(a)} -> {key(b)}'
        if label:
            s += f': {d2_q(label)}'
        if asy:
            s += ' {style.stroke-dash: 3}' if not label else ' {style.stroke-dash: 3}'
        lines.append(s)
    return '\n'.join(lines) + '\n'

def main(path, out_base):
    p = Parser(tokenize(open(path).read()))
    p.body(p.root)
    assert p.i == len(p.t), 'trailing tokens'
    edges = [(resolve(s, a), resolve(s, b), l, asy) for s, a, b, l, asy in p.edges]
    ge, notes = to_graph_easy(p, edges)
    open(out_base + '.ge.txt', 'w').write(ge)
    open(out_base + '.d2', 'w').write(to_d2(p, edges))
    all_nodes = list(p.root.descendants())
    stats = dict(nodes=sum(1 for n in all_nodes if not is_container(n)),
                 containers=sum(1 for n in all_nodes if is_container(n)),
                 edges=len(edges), labelled=sum(1 for e in edges if e[2]),
                 asynch=sum(1 for e in edges if e[3]),
                 group_endpoints=sorted({'/'.join(x.path()) for e in edges for x in e[:2] if is_container(x)}),
                 notes=notes)
    json.dump(dict(stats, labels=[n.label for n in all_nodes],
                   edge_labels=[e[2] for e in edges if e[2]]), open(out_base + '.stats.json', 'w'), indent=1)
    print(path, json.dumps(stats))

if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
