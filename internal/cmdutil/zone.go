package cmdutil

import (
	"fmt"
	"time"
	// the commands name zones on machines without a zone database
	_ "time/tzdata"
)

// Location returns the time zone named by a --tz flag: an IANA name such as
// "Europe/London", "UTC" or "Local". It returns nil for "" (the library's
// default applies), and an error that names the flag for a zone it does
// not know.
func Location(name string) (*time.Location, error) {
	if name == "" {
		return nil, nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("--tz: unknown time zone %q (an IANA name such as Europe/London, or UTC)", name)
	}
	return loc, nil
}
