package cli

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// passageChars is how many characters of a passage a report shows.
const passageChars = 60

// Passage quotes a coded passage for a report line: white space and line
// ends made single spaces, cut to 60 characters with an ellipsis in the
// middle.
func Passage(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if n := utf8.RuneCountInString(s); n > passageChars {
		r := []rune(s)
		s = string(r[:passageChars/2-1]) + " … " + string(r[n-passageChars/2+2:])
	}
	return fmt.Sprintf("%q", s)
}

// Plural is word, with an s unless n is 1.
func Plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}
