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

# Floods and bombs at full scale against the real binary; prints a table of figures
# (memory peak, /healthz p99) for RELIABILITY.md. The short version runs with `just test`.
floods:
    cargo test --test integration floods_and_bombs_at_full_scale -- --ignored --nocapture
