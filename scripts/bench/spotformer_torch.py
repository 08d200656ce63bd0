#!/usr/bin/python3
"""PyTorch reference of SpotFormer (Simul-ST) for the training benchmark: a speed anchor only, not part of the kit.

Written from the spec the kit implements (paper section 3.2; the official MSSTGT): graph-node embedding Linear(2, D)
+ BatchNorm + temporal position + facial-part tokens; per scale pre-norm BatchNorm attention and feed-forward blocks
(spatial among the V nodes, temporal among the T steps), FLGP (BatchNorm + max over facial parts), learned temporal
downsampling (BatchNorm + Conv1d k=3 s=2), head Linear(D, 10); loss = CE (onset/offset) + binary focal (apex,
action) + lambda * SupCon on the final token; AdamW.

Usage: /usr/bin/python3 scripts/bench/spotformer_torch.py --preset paper --batch 512 --threads 2 --steps 1
Prints one JSON object: parameter count, train and inference windows/s, seconds per step.
"""
import argparse
import json
import time

import torch
from torch import nn
import torch.nn.functional as F

PRESETS = {"paper": dict(dim=256, heads=4, dim_head=64, mlp=256), "tiny": dict(dim=32, heads=2, dim_head=16, mlp=32)}


class Attn(nn.Module):
    def __init__(self, dim, heads, dim_head, drop):
        super().__init__()
        inner = heads * dim_head
        self.heads, self.scale = heads, dim_head ** -0.5
        self.norm = nn.BatchNorm1d(dim)
        self.qkv = nn.Linear(dim, 3 * inner, bias=False)
        self.out = nn.Sequential(nn.Linear(inner, dim), nn.Dropout(drop))
        self.drop = nn.Dropout(drop)

    def forward(self, x):  # (N, L, D)
        n, l, d = x.shape
        h = self.norm(x.reshape(n * l, d)).reshape(n, l, d)
        q, k, v = self.qkv(h).reshape(n, l, 3, self.heads, -1).permute(2, 0, 3, 1, 4)
        a = self.drop(torch.softmax(q @ k.transpose(-1, -2) * self.scale, -1))
        o = (a @ v).transpose(1, 2).reshape(n, l, -1)
        return x + self.out(o)


class FFN(nn.Module):
    def __init__(self, dim, hidden, drop):
        super().__init__()
        self.norm = nn.BatchNorm1d(dim)
        self.net = nn.Sequential(nn.Linear(dim, hidden), nn.GELU(), nn.Dropout(drop), nn.Linear(hidden, dim),
                                 nn.Dropout(drop))

    def forward(self, x):
        n, l, d = x.shape
        return x + self.net(self.norm(x.reshape(n * l, d)).reshape(n, l, d))


class Layer(nn.Module):
    def __init__(self, c, drop):
        super().__init__()
        self.attn = Attn(c["dim"], c["heads"], c["dim_head"], drop)
        self.ffn = FFN(c["dim"], c["mlp"], drop)

    def forward(self, x):
        return self.ffn(self.attn(x))


class Down(nn.Module):
    def __init__(self, dim, pad):
        super().__init__()
        self.norm = nn.BatchNorm1d(dim)
        self.conv = nn.Conv1d(dim, dim, 3, 2, pad, bias=False)

    def forward(self, x):  # (N, T, D)
        return self.conv(self.norm(x.transpose(1, 2))).transpose(1, 2)


def schedule(t):
    pads = []
    while t > 1:
        p = 0 if t >= 7 else 1
        pads.append(p)
        t = (t + 2 * p - 3) // 2 + 1
    return pads


class SpotFormer(nn.Module):
    def __init__(self, c, window=17, parts=(3, 3, 4), drop=0.1):
        super().__init__()
        d = c["dim"]
        self.parts = parts
        self.patch, self.norm = nn.Linear(2, d), nn.BatchNorm1d(d)
        self.pos = nn.Parameter(torch.randn(1, window + 1, d))
        self.part_tok = nn.Parameter(torch.randn(len(parts), d))
        self.emb_drop = nn.Dropout(drop)
        pads = schedule(window)
        self.s1, self.s2 = Layer(c, drop), Layer(c, drop)
        self.t = nn.ModuleList(Layer(c, drop) for _ in pads)
        self.down = nn.ModuleList(Down(d, p) for p in pads)
        self.flgp_norm = nn.ModuleList(nn.BatchNorm1d(d) for _ in range(2))
        self.head = nn.Linear(d, 10)

    def flgp(self, x, i, groups):  # (B, V, T, D) -> (B, G, T, D)
        b, v, t, d = x.shape
        x = self.flgp_norm[i](x.reshape(-1, d)).reshape(b, v, t, d)
        out, s = [], 0
        for g in groups:
            out.append(x[:, s:s + g].amax(1, keepdim=True))
            s += g
        return torch.cat(out, 1)

    def forward(self, x):  # (B, T, V, 2)
        b, t, v, _ = x.shape
        d = self.pos.shape[-1]
        z = self.norm(self.patch(x).reshape(-1, d)).reshape(b, t, v, d)
        part = torch.repeat_interleave(self.part_tok, torch.tensor(self.parts), 0)
        z = self.emb_drop(z + self.pos[:, :t].unsqueeze(2) + part.view(1, 1, v, d))
        y = self.s1(z.reshape(b * t, v, d)).reshape(b, t, v, d).transpose(1, 2)  # (B, V, T, D)
        y = self.t[0](y.reshape(b * v, t, d)).reshape(b, v, t, d)
        y = self.flgp(y, 0, self.parts)
        y = self.down[0](y.reshape(-1, t, d))
        v, t = len(self.parts), y.shape[1]
        y = y.reshape(b, v, t, d).transpose(1, 2)  # (B, T, V, D)
        y = self.s2(y.reshape(b * t, v, d)).reshape(b, t, v, d).transpose(1, 2)
        y = self.t[1](y.reshape(b * v, t, d)).reshape(b, v, t, d)
        y = self.flgp(y, 1, [v])
        y = self.down[1](y.reshape(b, t, d))
        for j in range(2, len(self.down)):
            y = self.down[j](self.t[j](y))
        feat = y.reshape(b, d)
        return self.head(feat), feat


def focal(logit, y, alpha, smooth=0.16):
    p = torch.sigmoid(logit)
    pos = (y > 0).float()
    a = (y - p).abs() * pos * torch.log(p + 1e-5) * alpha
    bb = (y + smooth - p).abs() * (1 - pos) * torch.log(1 - p + 1e-5) * (1 - alpha)
    return -(a + bb).mean()


def supcon(f, labels, tau=0.5, base=0.07):
    n = f.shape[0]
    dots = f @ f.T / tau
    logits = dots - dots.max(1, keepdim=True)[0].detach()
    same = (labels[:, None] == labels[None, :]).float()
    not_self = 1 - torch.eye(n)
    mask = same * not_self
    log_prob = logits - torch.log((logits.exp() * not_self).sum(1, keepdim=True) + 1e-6)
    return (-(tau / base) * (mask * log_prob).sum(1) / (mask.sum(1) + 1e-6)).mean()


def loss_fn(logits, feat, tg):
    ce = F.cross_entropy(logits[:, 0:3], tg["me"]) + 0.5 * F.cross_entropy(logits[:, 3:6], tg["mae"])
    fo = 1.8 * focal(logits[:, 6], tg["apex"], 0.9) + 0.5 * focal(logits[:, 7], tg["apex"], 0.9)
    fo = fo + 0.1 * focal(logits[:, 8], tg["act"], 0.8) + 0.05 * focal(logits[:, 9], tg["act"], 0.8)
    return ce + fo + 0.005 * supcon(feat, tg["cls"])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--preset", default="paper", choices=list(PRESETS))
    ap.add_argument("--batch", type=int, default=512)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--steps", type=int, default=1)
    ap.add_argument("--warmup", type=int, default=1)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(270)
    model = SpotFormer(PRESETS[a.preset])
    opt = torch.optim.AdamW(model.parameters(), lr=2e-4, weight_decay=0.1)
    B = a.batch
    x = (torch.rand(B, 17, 10, 2) - 0.5) * 0.2
    g = torch.Generator().manual_seed(1)
    tg = dict(me=torch.randint(0, 3, (B,), generator=g), mae=torch.randint(0, 3, (B,), generator=g),
              apex=(torch.rand(B, generator=g) > 0.8).float(), act=(torch.rand(B, generator=g) > 0.6).float(),
              cls=torch.randint(0, 3, (B,), generator=g))
    model.train()
    train_s, train_cpu = [], []
    for i in range(a.warmup + a.steps):
        t0, c0 = time.perf_counter(), time.process_time()
        opt.zero_grad(set_to_none=True)
        logits, feat = model(x)
        loss_fn(logits, feat, tg).backward()
        opt.step()
        if i >= a.warmup:
            train_s.append(time.perf_counter() - t0)
            train_cpu.append(time.process_time() - c0)
    model.eval()
    infer_s, infer_cpu = [], []
    with torch.no_grad():
        for i in range(a.warmup + a.steps):
            t0, c0 = time.perf_counter(), time.process_time()
            model(x)
            if i >= a.warmup:
                infer_s.append(time.perf_counter() - t0)
                infer_cpu.append(time.process_time() - c0)
    mean = lambda v: sum(v) / len(v)
    print(json.dumps(dict(
        torch=torch.__version__, preset=a.preset, batch=B, threads=torch.get_num_threads(),
        params=sum(p.numel() for p in model.parameters() if p.requires_grad),
        trainStepSeconds=train_s, inferSeconds=infer_s,
        trainStepCpuSeconds=train_cpu, inferCpuSeconds=infer_cpu,
        trainWindowsPerSec=B / mean(train_s), inferWindowsPerSec=B / mean(infer_s),
        trainWindowsPerCpuSec=B / mean(train_cpu), inferWindowsPerCpuSec=B / mean(infer_cpu))))


if __name__ == "__main__":
    main()
