"""PyTorch CPU reference for zapsweep's trainer bench (src/bench/trainer.ts).

Same model as the tfjs side: conv32-pool-conv64-pool-conv64-dense64-dense10 (3x3 valid convs,
ReLU, 2x2 max-pool), Adam lr 1e-3, batch 32, ONE thread. Prints one JSON line:
{"imagesPerSecond": ..., "torch": "<version>"}. Exits non-zero when torch is missing.
"""
import json
import sys
import time

try:
    import torch
    from torch import nn
except ImportError as err:  # the bench reports "reference unavailable"
    print(json.dumps({"error": f"torch not importable: {err}"}))
    sys.exit(3)

MIN_SECONDS = float(sys.argv[1]) if len(sys.argv) > 1 else 3.0
BATCH = 32

torch.set_num_threads(1)
torch.manual_seed(0)
model = nn.Sequential(
    nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(64, 64, 3), nn.ReLU(),
    nn.Flatten(), nn.Linear(576, 64), nn.ReLU(), nn.Linear(64, 10),
)
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
loss_fn = nn.CrossEntropyLoss()
x = torch.rand(BATCH, 1, 28, 28)
y = torch.randint(0, 10, (BATCH,))


def step():
    opt.zero_grad()
    loss = loss_fn(model(x), y)
    loss.backward()
    opt.step()
    return loss.item()


for _ in range(5):
    step()
steps = 0
start = time.perf_counter()
while time.perf_counter() - start < MIN_SECONDS:
    step()
    steps += 1
elapsed = time.perf_counter() - start
print(json.dumps({"imagesPerSecond": steps * BATCH / elapsed, "torch": torch.__version__}))
