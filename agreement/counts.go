package agreement

// Counts are the characters of one source as two coders, A and B, coded them
// at one code: the 2×2 table from which percentage agreement and kappa are
// computed.
type Counts struct {
	Both    int64 `json:"both"`    // coded by A and by B
	OnlyA   int64 `json:"onlyA"`   // coded by A and not by B
	OnlyB   int64 `json:"onlyB"`   // coded by B and not by A
	Neither int64 `json:"neither"` // coded by neither
}

// Total returns the number of characters counted.
func (c Counts) Total() int64 { return c.Both + c.OnlyA + c.OnlyB + c.Neither }

// Agreement returns the percentage agreement, NVivo's (Both + Neither) /
// Total × 100, between 0 and 100. It returns 100 when there are no
// characters.
func (c Counts) Agreement() float64 {
	n := c.Total()
	if n == 0 {
		return 100
	}
	return float64(c.Both+c.Neither) / float64(n) * 100
}

// Kappa returns Cohen's kappa as NVivo computes it: (TA - ΣEF) / (TU - ΣEF)
// with TU the characters, TA those the coders agree on and ΣEF the agreement
// expected by chance, a·b/TU + (TU-a)·(TU-b)/TU for a and b the characters A
// and B coded. When the chance agreement is complete (neither coded anything,
// or both coded everything, or there are no characters) the coders agree
// completely and Kappa returns 1, as NVivo does.
func (c Counts) Kappa() float64 {
	n := c.Total()
	a, b := c.Both+c.OnlyA, c.Both+c.OnlyB
	if n == 0 || (a == b && (a == 0 || a == n)) {
		return 1
	}
	tu := float64(n)
	ef := float64(a)*float64(b)/tu + float64(n-a)*float64(n-b)/tu
	ta := float64(c.Both + c.Neither)
	return (ta - ef) / (tu - ef)
}

// alphaSums accumulates the coincidences of Krippendorff's nominal alpha for
// binary values (coded, not coded).
type alphaSums struct {
	o01    float64 // coincidences of a 0 and a 1 (one direction)
	n0, n1 float64 // pairable values 0 and 1
}

// add counts length units, each with k1 coders who coded it and k0 who did
// not (coders with missing values are in neither).
func (s *alphaSums) add(length int64, k0, k1 int) {
	m := k0 + k1
	if m < 2 || length <= 0 {
		return
	}
	l := float64(length)
	s.o01 += l * float64(k0) * float64(k1) / float64(m-1)
	s.n0 += l * float64(k0)
	s.n1 += l * float64(k1)
}

// alpha returns Krippendorff's alpha, or false when it is undefined (no
// variation in the values, or fewer than two values).
func (s *alphaSums) alpha() (float64, bool) {
	n := s.n0 + s.n1
	if s.n0 == 0 || s.n1 == 0 || n < 2 {
		return 0, false
	}
	return 1 - (n-1)*s.o01/(s.n0*s.n1), true
}
