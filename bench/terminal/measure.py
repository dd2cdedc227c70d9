import sys, unicodedata
def w(s):
    return sum(2 if unicodedata.east_asian_width(c) in 'WF' else (0 if unicodedata.combining(c) else 1) for c in s)
def measure(f):
    lines = open(f, encoding='utf-8').read().split('\n')
    if lines and lines[-1] == '': lines = lines[:-1]
    raw = (max((w(l) for l in lines), default=0), len(lines))
    nb = [i for i, l in enumerate(lines) if l.strip()]
    body = lines[nb[0]:nb[-1]+1]
    ind = min(w(l) - w(l.lstrip(' ')) for l in body if l.strip())
    cols = max(w(l.rstrip()) for l in body) - ind
    return raw, (cols, len(body))
if __name__ == '__main__':
    for f in sys.argv[1:]:
        (rc, rr), (c, r) = measure(f)
        print(f"{f}\traw {rc}x{rr}\ttrim {c}x{r}\tarea {c*r}")
