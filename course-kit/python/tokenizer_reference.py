# An independent port of llama2.c's run.c tokenizer (encode and decode), used to compute the
# tokens that TokenizerTest expects. Standard library only. Run from the repository root, with
# the shared folder beside it: python3 course-kit/python/tokenizer_reference.py [TEXT ...]
import struct, sys
def load(path, n):
    d = open(path,'rb').read()
    maxlen, = struct.unpack_from('<i', d, 0); o = 4
    pieces=[]; scores=[]
    for i in range(n):
        s, l = struct.unpack_from('<fi', d, o); o += 8
        pieces.append(d[o:o+l]); scores.append(s); o += l
    assert o == len(d), (o, len(d))
    return maxlen, pieces, scores
maxlen, pieces, scores = load('../shared/models/tok512.bin', 512)
lookup = {}
dups = []
for i,p in enumerate(pieces):
    if p in lookup: dups.append((i,p))
    lookup.setdefault(p, i)
print('maxlen', maxlen, 'dups', dups[:10])
def encode(text, bos=True, eos=False):
    toks=[]
    if bos: toks.append(1)
    b=text.encode('utf-8')
    if b: toks.append(lookup[b' '])
    i=0
    while i < len(b):
        j=i+1
        while j < len(b) and (b[j] & 0xC0) == 0x80 and j-i < 4: j+=1
        ch=b[i:j]
        if ch in lookup: toks.append(lookup[ch])
        else: toks.extend(x+3 for x in ch)
        i=j
    while True:
        best=-1e10; bi=-1; bid=-1
        for k in range(len(toks)-1):
            m=pieces[toks[k]]+pieces[toks[k+1]]
            if m in lookup and scores[lookup[m]] > best:
                best=scores[lookup[m]]; bi=k; bid=lookup[m]
        if bi<0: break
        toks[bi:bi+2]=[bid]
    if eos: toks.append(2)
    return toks
def decode(prev, tok):
    p = pieces[tok]
    if prev == 1 and p[:1] == b' ': p = p[1:]
    if len(p)==6 and p.startswith(b'<0x') and p.endswith(b'>'):
        try: return bytes([int(p[3:5],16)])
        except ValueError: pass
    return p
if __name__ == '__main__':
    print(encode("Once upon a time"))
    for t in sys.argv[1:]: print(repr(t), encode(t))
    toks=[int(x) for x in open('../shared/fixtures/llama2c/once-greedy-64.tokens.txt').read().split()]
    print(len(toks), [pieces[t] for t in toks[-4:]])
    print(pieces[:5], pieces[3], pieces[258], pieces[259:265])
