# Computes the expected values that the kit tests (NumericsTest, SamplerTest) hard-code,
# independently of the Java code. Standard library only. Run: python3 course-kit/python/expected_values.py
import math
x=[1,2,3,4]; w=[1,0.5,2,-1]
inv=1/math.sqrt(sum(v*v for v in x)/4+1e-5)
print('rms', ['%.7f'%(w[i]*x[i]*inv) for i in range(4)])
silu=lambda v: v/(1+math.exp(-v))
x=[1,-2]; hb=[x[0], x[1]]; hb2=[x[0]+x[1], 2*x[0]]
g=[silu(hb[i])*hb2[i] for i in range(2)]
print('ffn', ['%.7f'%v for v in [g[0]+2*g[1], 3*g[0]-g[1]]])
# llama2.c's xorshift* random_f32, seed 42; multinomial over 4 equal probabilities -> floor(coin * 4)
M=(1<<64)-1
s=42
toks=[]; coins=[]
for _ in range(12):
    s ^= s >> 12; s ^= (s << 25) & M; s ^= s >> 27
    u = ((s * 0x2545F4914F6CDD1D) & M) >> 32
    c = (u >> 8) / 16777216.0
    coins.append(c); toks.append(int(c*4))
print('coins', ['%.4f'%c for c in coins]); print('tokens', toks)
