# Everyday commands. `just` is a convenience: each recipe is one cargo command.

# Run the built-in demo: reference context, three sandboxes, server on :8080.
run:
    cargo run --release -- demo

# Run every test (unit, integration, browser).
test:
    cargo test --workspace

# Benchmarks (figures go to BENCHMARKS.md).
bench:
    cargo bench -p e5-sandbox --bench fork

# Formatting and lints, as CI wants them.
lint:
    cargo fmt --all -- --check
    cargo clippy --workspace --all-targets -- -D warnings

# Kill harness, long version (RELIABILITY.md, "Kills"): SIGKILL at random moments of a
# 30-candidate load, 25 times; the short version runs in `just test`.
faults kills="25" candidates="30":
    E5_FAULT_KILLS={{kills}} E5_FAULT_CANDIDATES={{candidates}} cargo test --test integration faults:: -- --nocapture

# Full-disk harness, long version (RELIABILITY.md, "Full disk"); root: mounts a 40 MiB tmpfs.
diskfull rounds="100":
    E5_DISKFULL_ROUNDS={{rounds}} cargo test --test integration disk_full:: -- --nocapture

# Floods and bombs at full scale against the real binary; prints a table of figures
# (memory peak, /healthz p99) for RELIABILITY.md. The short version runs with `just test`.
floods:
    cargo test --test integration floods_and_bombs_at_full_scale -- --ignored --nocapture
