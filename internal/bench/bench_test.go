package bench

import (
	"os"
	"sync"
	"testing"
)

var (
	once    sync.Once
	fixture *Fixture
	fixErr  error
)

func get(b *testing.B) *Fixture {
	once.Do(func() {
		preset := os.Getenv("QDA_BENCH_PRESET")
		if preset == "" {
			preset = "medium"
		}
		fixture, fixErr = NewFixture(preset)
	})
	if fixErr != nil {
		b.Fatal(fixErr)
	}
	return fixture
}

func TestMain(m *testing.M) {
	code := m.Run()
	if fixture != nil {
		fixture.Close()
	}
	os.Exit(code)
}

func BenchmarkBaseline(b *testing.B)  { Baseline(b, get(b)) }
func BenchmarkRead(b *testing.B)      { Read(b, get(b)) }
func BenchmarkWrite(b *testing.B)     { Write(b, get(b)) }
func BenchmarkRoundTrip(b *testing.B) { RoundTrip(b, get(b)) }
func BenchmarkExcerpts(b *testing.B)  { Excerpts(b, get(b)) }
func BenchmarkWorkbook(b *testing.B)  { Workbook(b, get(b)) }
