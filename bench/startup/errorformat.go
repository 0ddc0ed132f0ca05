// The errorformat side of bench/startup: reviewdog/errorformat's library (Debian's
// golang-github-reviewdog-errorformat-dev) run as its CLI runs it, `errorformat -name=A -name=B … < FILE`:
// the named tools' formats in one scanner over the file, every valid entry printed in quickfix form.
// The names are the tools both projects know (test/errorformat.test.ts). Built in GOPATH mode:
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go build -o OUT bench/startup/errorformat.go
package main

import (
	"bufio"
	"fmt"
	"os"

	"github.com/reviewdog/errorformat"
	"github.com/reviewdog/errorformat/fmts"
)

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: errorformat FILE NAME...")
		os.Exit(2)
	}
	defined := fmts.DefinedFmts()
	var efms []string
	for _, name := range os.Args[2:] {
		f, ok := defined[name]
		if !ok {
			fmt.Fprintf(os.Stderr, "errorformat: no format %q\n", name)
			os.Exit(2)
		}
		efms = append(efms, f.Errorformat...)
	}
	efm, err := errorformat.NewErrorformat(efms)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	in, err := os.Open(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	s := efm.NewScanner(in)
	for s.Scan() {
		if e := s.Entry(); e.Valid {
			fmt.Fprintln(out, e.String())
		}
	}
}
