# Computes the expected values that lesson 2 tests (RopeTest, ForwardCostTest) hard-code,
# independently of the Java code, in double precision. Standard library only.
# Run from the repository root: python3 solutions/lesson-02-no-cache/python/expected_values.py
import math
# RoPE: a (2, 8) matrix, headSize 4, firstPosition 5; row r at position 5 + r.
rows=[[1,2,3,4,5,6,7,8],[-1,0.5,2,-3,0.25,1,-2,4]]
hs=4
for r,row in enumerate(rows):
    pos=5+r; out=[]
    for c in range(0,8,2):
        i=(c%hs)//2
        th=pos/10000**(2*i/hs)
        x,y=row[c],row[c+1]
        out += [x*math.cos(th)-y*math.sin(th), x*math.sin(th)+y*math.cos(th)]
    print(pos, ['%.7f'%v for v in out])
# Cost closed form
def cost(dim,hidden,L,nh,nkv,vocab,n):
    hs=dim//nh; kv=nkv*hs
    per_pos = 2*dim*dim + 2*kv*dim + 3*dim*hidden
    att = 0
    for i in range(n):            # query i meets keys 0..i, in every head: score and weighted value
        att += nh*(i+1)*hs*2
    return L*(n*per_pos + att) + n*vocab*dim
print('stories260K n=64', cost(64,172,5,8,4,512,64))
print('stories260K n=1', cost(64,172,5,8,4,512,1))
print('tiny', cost(4,6,1,2,1,5,3))
