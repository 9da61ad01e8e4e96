package xlsx

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCellTime(t *testing.T) {
	utc := func(y int, mo time.Month, d, h, mi, s int) time.Time {
		return time.Date(y, mo, d, h, mi, s, 0, time.UTC)
	}
	tests := []struct {
		name    string
		cell    Cell
		want    time.Time
		wantErr error
	}{
		{"serial datetime", Cell{Raw: "44257.0421805556", Type: TypeDate}, utc(2021, 3, 2, 1, 0, 44).Add(400 * time.Millisecond), nil},
		{"serial as number", Cell{Raw: "43663.8302662037", Type: TypeNumber}, utc(2019, 7, 17, 19, 55, 35), nil},
		{"serial date only", Cell{Raw: "43663", Type: TypeDate}, utc(2019, 7, 17, 0, 0, 0), nil},
		{"serial 1 is 1900-01-01", Cell{Raw: "1", Type: TypeDate}, utc(1900, 1, 1, 0, 0, 0), nil},
		{"serial 59 is 1900-02-28", Cell{Raw: "59", Type: TypeDate}, utc(1900, 2, 28, 0, 0, 0), nil},
		{"serial 61 is 1900-03-01", Cell{Raw: "61", Type: TypeDate}, utc(1900, 3, 1, 0, 0, 0), nil},
		{"phantom 1900-02-29", Cell{Raw: "60", Type: TypeDate}, time.Time{}, ErrConvert},
		{"time only", Cell{Raw: "0.5", Type: TypeDate}, utc(1899, 12, 30, 12, 0, 0), nil},
		{"1904 system", Cell{Raw: "42201.8302662037", Type: TypeDate, ctx: newCellContext(true, nil)}, utc(2019, 7, 17, 19, 55, 35), nil},
		{"negative serial", Cell{Raw: "-1", Type: TypeNumber}, time.Time{}, ErrConvert},
		{"huge serial", Cell{Raw: "1e300", Type: TypeNumber}, time.Time{}, ErrConvert},
		{"iso date cell", Cell{Raw: "2019-07-17T19:55:35Z", Type: TypeDate}, utc(2019, 7, 17, 19, 55, 35), nil},
		{"nvivo text", Cell{Raw: "7/17/2019 7:55:35 PM", Type: TypeString}, utc(2019, 7, 17, 19, 55, 35), nil},
		{"nvivo text no seconds", Cell{Raw: "3/2/2021 1:00 AM", Type: TypeString}, utc(2021, 3, 2, 1, 0, 0), nil},
		{"us date", Cell{Raw: " 11/30/2020 ", Type: TypeString}, utc(2020, 11, 30, 0, 0, 0), nil},
		{"iso text", Cell{Raw: "2020-11-30 09:28:57", Type: TypeString}, utc(2020, 11, 30, 9, 28, 57), nil},
		{"iso text T", Cell{Raw: "2020-11-30T09:28:57", Type: TypeString}, utc(2020, 11, 30, 9, 28, 57), nil},
		{"iso day", Cell{Raw: "2020-11-30", Type: TypeString}, utc(2020, 11, 30, 0, 0, 0), nil},
		{"custom layouts", Cell{Raw: "30.11.2020", Type: TypeString, ctx: newCellContext(false, []string{"02.01.2006"})}, utc(2020, 11, 30, 0, 0, 0), nil},
		{"custom layouts replace defaults", Cell{Raw: "2020-11-30", Type: TypeString, ctx: newCellContext(false, []string{"02.01.2006"})}, time.Time{}, ErrConvert},
		{"text number is not a date", Cell{Raw: "43663", Type: TypeString}, time.Time{}, ErrConvert},
		{"not a date", Cell{Raw: "soon", Type: TypeString}, time.Time{}, ErrConvert},
		{"bool", Cell{Raw: "1", Type: TypeBool}, time.Time{}, ErrConvert},
		{"empty", Cell{}, time.Time{}, ErrEmpty},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.cell.Time()
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
				assert.Contains(t, err.Error(), "xlsx: ")
				return
			}
			require.NoError(t, err)
			assert.True(t, tt.want.Equal(got), "got %v, want %v", got, tt.want)
		})
	}
}

func TestCellNumbers(t *testing.T) {
	tests := []struct {
		name      string
		cell      Cell
		wantFloat float64
		floatErr  error
		wantInt   int
		intErr    error
	}{
		{"integer", Cell{Raw: "42", Type: TypeNumber}, 42, nil, 42, nil},
		{"negative", Cell{Raw: "-12", Type: TypeString}, -12, nil, -12, nil},
		{"fraction", Cell{Raw: "0.0015", Type: TypeNumber}, 0.0015, nil, 0, ErrConvert},
		{"exponent", Cell{Raw: "1E3", Type: TypeNumber}, 1000, nil, 1000, nil},
		{"whole float", Cell{Raw: "3.0", Type: TypeNumber}, 3, nil, 3, nil},
		{"percent text", Cell{Raw: "0.25%", Type: TypeString}, 0.0025, nil, 0, ErrConvert},
		{"percent text 100", Cell{Raw: "100 %", Type: TypeString}, 1, nil, 1, nil},
		{"spaces", Cell{Raw: " 7 ", Type: TypeString}, 7, nil, 7, nil},
		{"bool true", Cell{Raw: "1", Type: TypeBool}, 1, nil, 1, nil},
		{"date serial", Cell{Raw: "43663.5", Type: TypeDate}, 43663.5, nil, 0, ErrConvert},
		{"text", Cell{Raw: "abc", Type: TypeString}, 0, ErrConvert, 0, ErrConvert},
		{"nan text", Cell{Raw: "NaN", Type: TypeString}, 0, ErrConvert, 0, ErrConvert},
		{"inf text", Cell{Raw: "+Inf", Type: TypeString}, 0, ErrConvert, 0, ErrConvert},
		{"too big for int", Cell{Raw: "1e30", Type: TypeNumber}, 1e30, nil, 0, ErrConvert},
		{"error value", Cell{Raw: "#DIV/0!", Type: TypeError}, 0, ErrConvert, 0, ErrConvert},
		{"empty", Cell{}, 0, ErrEmpty, 0, ErrEmpty},
		{"blank text", Cell{Raw: "  ", Type: TypeString}, 0, ErrEmpty, 0, ErrEmpty},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := tt.cell.Float()
			if tt.floatErr != nil {
				require.ErrorIs(t, err, tt.floatErr)
			} else {
				require.NoError(t, err)
				assert.InDelta(t, tt.wantFloat, f, 1e-12)
			}
			i, err := tt.cell.Int()
			if tt.intErr != nil {
				require.ErrorIs(t, err, tt.intErr)
			} else {
				require.NoError(t, err)
				assert.Equal(t, tt.wantInt, i)
			}
		})
	}
}

func TestCellBool(t *testing.T) {
	tests := []struct {
		raw     string
		typ     CellType
		want    bool
		wantErr error
	}{
		{"1", TypeBool, true, nil},
		{"0", TypeBool, false, nil},
		{"TRUE", TypeString, true, nil},
		{"False", TypeString, false, nil},
		{"Yes", TypeString, true, nil},
		{"no", TypeString, false, nil},
		{"1", TypeNumber, true, nil},
		{"1.0", TypeNumber, true, nil},
		{"2", TypeNumber, false, ErrConvert},
		{"maybe", TypeString, false, ErrConvert},
		{"", TypeEmpty, false, ErrEmpty},
	}
	for _, tt := range tests {
		t.Run(tt.raw+"/"+tt.typ.String(), func(t *testing.T) {
			got, err := Cell{Raw: tt.raw, Type: tt.typ}.Bool()
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestSerialRoundTrip(t *testing.T) {
	times := []time.Time{
		time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(1900, 2, 28, 23, 59, 59, 0, time.UTC),
		time.Date(1900, 3, 1, 0, 0, 0, 0, time.UTC),
		time.Date(1999, 12, 31, 23, 59, 59, 999_000_000, time.UTC),
		time.Date(2019, 7, 17, 19, 55, 35, 0, time.UTC),
		time.Date(2024, 2, 29, 12, 0, 0, 0, time.UTC),
		time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC),
	}
	for _, want := range times {
		serial, ok := timeToSerial(want)
		require.True(t, ok, want)
		got, err := serialToTime(serial, false)
		require.NoError(t, err)
		assert.True(t, want.Equal(got), "got %v, want %v (serial %v)", got, want, serial)
	}
	// The wall clock is kept, whatever the location.
	loc := time.FixedZone("UTC+5", 5*3600)
	serial, ok := timeToSerial(time.Date(2019, 7, 17, 19, 55, 35, 0, loc))
	require.True(t, ok)
	assert.InDelta(t, 43663.8302662037, serial, 1e-9)
	_, ok = timeToSerial(time.Date(1899, 12, 31, 0, 0, 0, 0, time.UTC))
	assert.False(t, ok)
	_, ok = timeToSerial(time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC))
	assert.False(t, ok)
}

func TestCellTypeString(t *testing.T) {
	assert.Equal(t, "date", TypeDate.String())
	assert.Equal(t, "CellType(42)", CellType(42).String())
	assert.Equal(t, "x", Cell{Value: "x"}.String())
	assert.True(t, Cell{}.IsEmpty())
}

func TestIsDateFormat(t *testing.T) {
	tests := []struct {
		code string
		want bool
	}{
		{"m/d/yyyy h:mm AM/PM", true},
		{"yyyy-mm-dd", true},
		{"[h]:mm:ss", true},
		{"[$-409]mmmm d, yyyy;@", true},
		{"0.00%", false},
		{"General", false},
		{`0.0 "days"`, false},
		{`#,##0 [$EUR]`, false},
		{"[Red]0.00", false},
		{"@", false},
		{`\d0`, false},
		{`"unterminated`, false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, isDateFormat(tt.code), tt.code)
	}
	assert.True(t, isBuiltInDateFormat(14))
	assert.True(t, isBuiltInDateFormat(22))
	assert.False(t, isBuiltInDateFormat(10)) // 0.00%
}
