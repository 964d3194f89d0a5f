package cloze_test

import (
	"fmt"

	"github.com/quizdeck/quizdeck/generator/cloze"
)

func ExampleText() {
	fmt.Println(cloze.Text("essay", "Jeffrey Mankoff", "Re-integrating the former Soviet states has been on Russia's agenda.", true))
	fmt.Println(cloze.Text("article", "Dmitry Medvedev", "Russia has privileged interests in countries that he would not define.", false))
	fmt.Println(cloze.GUID("eurasian-union", "medvedev-privileged-interests") != "")
	// Output:
	// {{c1::Jeffrey Mankoff}}: “Re-integrating the former Soviet states has been on Russia's agenda.”
	// According to the article, {{c1::Dmitry Medvedev}} held that Russia has privileged interests in countries that he would not define.
	// true
}
