package pseudonym

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReadKey(t *testing.T) {
	tests := []struct {
		name    string
		key     string
		opt     Options
		want    []Entry
		wantErr []string
	}{
		{"header, bom and category", "\uFEFForiginal,replacement,category\nZoë,P1,participant\nLeeds,a city\n", Options{},
			[]Entry{{"Zoë", "P1", "participant", 2}, {"Leeds", "a city", "", 3}}, nil},
		{"semicolons", "Zoë;P1\n\"Smith; Jones\";P2;person\n", Options{},
			[]Entry{{"Zoë", "P1", "", 1}, {"Smith; Jones", "P2", "person", 2}}, nil},
		{"template count ignored, blank lines skipped", "original,replacement,category,count\n\nZoë,P1,case,3\n", Options{},
			[]Entry{{"Zoë", "P1", "case", 3}}, nil},
		{"case-sensitive duplicates allowed", "Rose,P1\nrose,flower\n", Options{CaseSensitive: true},
			[]Entry{{"Rose", "P1", "", 1}, {"rose", "flower", "", 2}}, nil},
		{"empty original", "Zoë,P1\n,P2\n", Options{}, nil, []string{"pseudonym: key.csv:2: the original is empty"}},
		{"no replacement", "Zoë,\n", Options{}, nil, []string{`pseudonym: key.csv:1: "Zoë" has no replacement`}},
		{"one field", "Zoë\n", Options{}, nil, []string{"key.csv:1: 1 fields"}},
		{"duplicate in another case", "Zoë,P1\nZOË,P2\n", Options{}, nil, []string{`pseudonym: key.csv:2: "ZOË" is given twice (first on line 1)`}},
		{"replacement makes an original", "Anna,Bob Smith\nBob,P2\n", Options{}, nil,
			[]string{`pseudonym: key.csv:1: the replacement "Bob Smith" of "Anna" contains the original "Bob" (line 2)`}},
		{"replacement is its own original", "Anna,anna\n", Options{}, nil, []string{`key.csv:1: the replacement "anna" of "Anna" contains the original "Anna"`}},
		{"all problems at once", ",x\nA,B\na,C\n", Options{}, nil, []string{"key.csv:1:", "key.csv:3:"}},
		{"not utf-8", "Zo\xeb,P1\n", Options{}, nil, []string{"pseudonym: key.csv: the key is not UTF-8"}},
		{"bad quotes", "\"Zoë,P1\n", Options{}, nil, []string{"pseudonym: key.csv: parse error on line 1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, err := ReadKey(strings.NewReader(tt.key), "key.csv", tt.opt)
			if tt.wantErr != nil {
				require.Error(t, err)
				for _, w := range tt.wantErr {
					assert.Contains(t, err.Error(), w)
				}
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, k.Entries)
		})
	}
}

func TestFind(t *testing.T) {
	k, err := ReadKey(strings.NewReader("Anna,P1\nAnna Smith,P2\nSt Ives,a town\nzoë,P3\n"), "key.csv", Options{})
	require.NoError(t, err)
	tests := []struct{ text, want string }{
		{"Anna Smith met anna.", "[P2] met [P1]."},
		{"Annabel and Hanna are not Anna's", "Annabel and Hanna are not [P1]'s"},
		{"ZOË in St Ives", "[P3] in [a town]"},
		{"anna2 anna_x", "anna2 [P1]_x"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, k.replaceString(tt.text), tt.text)
	}
}
