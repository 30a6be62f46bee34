"""PyTorch reference for optimizers.test.ts: the same update sequence on a fixed linear-softmax
problem, with torch.optim (SGD / Adam / AdamW), torch's own CosineAnnealingLR / StepLR (stepped
per epoch) and LinearLR (warmup, stepped per step), and clip_grad_norm_. Reads the problem as
JSON on stdin, writes the final weights of each case as JSON on stdout."""
import json
import sys
import warnings

import torch
import torch.nn.functional as F_

warnings.filterwarnings("ignore")
torch.set_default_dtype(torch.float32)

p = json.load(sys.stdin)
F, O = p["features"], p["outputs"]
X = torch.tensor(p["x"], dtype=torch.float32).reshape(-1, F)
Y = torch.tensor(p["labels"], dtype=torch.long)
results = []
for case in p["cases"]:
    c = case["config"]
    W = torch.tensor(p["kernel"], dtype=torch.float32).reshape(F, O).clone().requires_grad_(True)
    b = torch.tensor(p["bias"], dtype=torch.float32).clone().requires_grad_(True)
    params = [W, b]
    lr, wd = c["learningRate"], c.get("weightDecay", 0.0)
    kind = c["optimizer"]
    if kind == "sgd":
        opt = torch.optim.SGD(params, lr=lr, momentum=c.get("momentum", 0.0), nesterov=c.get("nesterov", False), weight_decay=wd)
    elif kind == "adam":
        opt = torch.optim.Adam(params, lr=lr, betas=(0.9, 0.999), eps=1e-7, weight_decay=wd)
    else:
        opt = torch.optim.AdamW(params, lr=lr, betas=(0.9, 0.999), eps=1e-7, weight_decay=wd)
    epochs = len(case["batches"])
    dummy = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=lr)
    s = c.get("schedule", {"kind": "constant"})
    sched = None
    if s["kind"] == "cosine":
        sched = torch.optim.lr_scheduler.CosineAnnealingLR(dummy, T_max=s.get("tMax", epochs), eta_min=s.get("minLearningRate", 0.0))
    elif s["kind"] == "step":
        sched = torch.optim.lr_scheduler.StepLR(dummy, step_size=s["every"], gamma=s["gamma"])
    n = case.get("warmupSteps", 0)
    warm_opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=1.0)
    warm = torch.optim.lr_scheduler.LinearLR(warm_opt, start_factor=1.0 / n, end_factor=1.0, total_iters=n - 1) if n > 1 else None
    clip = c.get("clipGradNorm", 0.0)
    for e in range(epochs):
        epoch_lr = dummy.param_groups[0]["lr"]
        for idx in case["batches"][e]:
            factor = warm_opt.param_groups[0]["lr"] if warm is not None else 1.0
            for g in opt.param_groups:
                g["lr"] = epoch_lr * factor
            opt.zero_grad()
            loss = F_.cross_entropy(X[idx] @ W + b, Y[idx])
            loss.backward()
            if clip > 0:
                torch.nn.utils.clip_grad_norm_(params, clip)
            opt.step()
            if warm is not None:
                warm.step()
        if sched is not None:
            sched.step()
    results.append({"kernel": W.detach().flatten().tolist(), "bias": b.detach().tolist()})
json.dump(results, sys.stdout)
