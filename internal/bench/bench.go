// Package bench measures reading, converting, checking, writing and
// viewing projects, and the readers of other tools' projects, against
// baselines measured in the same run: a plain encoding/xml Decoder.Token
// pass over the same project.qde (inflated from the same archive), and
// xmllint --stream --noout over it (extracted beside the archive), when
// xmllint is installed.
//
// Each case runs interleaved with its baselines (token pass, xmllint,
// case, token pass, xmllint, case, ...), so that the machine's noise falls
// on both alike; the ratios are of sums over the same runs. The projects
// come from internal/synth presets; the other tools' inputs from
// internal/synth/toolgen, at the size of a preset.
//
// go test -bench . ./internal/bench runs the benchmarks on the preset named
// by QDA_BENCH_PRESET (default medium), the tool readers at 20,000 codings
// (QDA_BENCH_TOOL_CODINGS=200000 for the large inputs); go run
// ./internal/bench/cmd/benchtable prints the tables.
package bench
