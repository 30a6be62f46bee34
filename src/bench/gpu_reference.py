"""PyTorch reference for zapsweep's GPU bench (src/bench/gpu.ts), on the same device.

The same two models as src/bench/gpu-models.ts: `reference` (conv32-pool-conv64-pool-conv64-
dense64-dense10, 3x3 valid, ReLU, 2x2 max-pool) and `omniglot` (the papers' model: 3 x [conv 3x3
256 valid, InstanceNorm2d(affine), ReLU], max-pool after blocks 1 and 2, 2304 features, a
1000-way linear head). Adam lr 1e-3, fixed random inputs, one optimizer step = one timed step,
synchronised by reading the loss (loss.item()).

Device: CUDA when available, else CPU with --threads threads (default 1, like one wasm worker).
Prints one JSON line per (model, batch) and a first line describing the device; exits 3 when
torch is not importable. No network, no files written.

  python3 gpu_reference.py --batches 1,16,256 --models reference,omniglot --steps 20 --seconds 10
"""
import argparse
import json
import sys
import time

try:
    import torch
    from torch import nn
except ImportError as err:
    print(json.dumps({"type": "error", "error": f"torch not importable: {err}"}))
    sys.exit(3)


def build(name):
    if name == "reference":
        return nn.Sequential(
            nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(64, 64, 3), nn.ReLU(),
            nn.Flatten(), nn.Linear(576, 64), nn.ReLU(), nn.Linear(64, 10),
        ), 10
    layers = []
    channels = 1
    for pool in (True, True, False):
        layers += [nn.Conv2d(channels, 256, 3), nn.InstanceNorm2d(256, affine=True), nn.ReLU()]
        if pool:
            layers.append(nn.MaxPool2d(2))
        channels = 256
    return nn.Sequential(*layers, nn.Flatten(), nn.Linear(2304, 1000)), 1000


def measure(device, name, batch, steps, seconds):
    torch.manual_seed(0)
    model, classes = build(name)
    model = model.to(device)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    x = torch.rand(batch, 1, 28, 28, device=device)
    y = torch.randint(0, classes, (batch,), device=device)

    def step():
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        return loss.item()

    t0 = time.perf_counter()
    step()
    warmup_ms = (time.perf_counter() - t0) * 1000
    step()
    done = 0
    start = time.perf_counter()
    while done < steps and (done == 0 or time.perf_counter() - start < seconds):
        step()
        done += 1
    elapsed = time.perf_counter() - start
    return {
        "type": "figure", "runtime": "pytorch", "backend": f"torch-{device.type}", "model": name,
        "batch": batch, "warmupMs": warmup_ms, "steps": done, "msPerStep": elapsed * 1000 / done,
        "stepsPerSecond": done / elapsed, "imagesPerSecond": done * batch / elapsed,
    }


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--batches", default="1,16,256")
    p.add_argument("--models", default="reference,omniglot")
    p.add_argument("--steps", type=int, default=20)
    p.add_argument("--seconds", type=float, default=10.0)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--skip", default="", help="model:batch pairs to leave out, comma separated")
    p.add_argument("--device", default="auto", choices=["auto", "cuda", "cpu"])
    a = p.parse_args()
    cuda = torch.cuda.is_available() and a.device != "cpu"
    device = torch.device("cuda" if cuda else "cpu")
    if not cuda:
        torch.set_num_threads(a.threads)
    name = torch.cuda.get_device_name(0) if cuda else f"CPU, {torch.get_num_threads()} thread(s)"
    print(json.dumps({"type": "device", "runtime": "pytorch", "torch": torch.__version__, "device": name, "cuda": cuda}), flush=True)
    skip = {s for s in a.skip.split(",") if s}
    for model in a.models.split(","):
        for batch in (int(b) for b in a.batches.split(",")):
            if f"{model}:{batch}" in skip:
                continue
            print(json.dumps({**measure(device, model, batch, a.steps, a.seconds), "device": name}), flush=True)


main()
