package quiz_test

import (
	"fmt"
	"strings"

	"github.com/quizdeck/quizdeck/generator/quiz"
)

func ExampleParseRoster() {
	students, err := quiz.ParseRoster(strings.NewReader("name,id\nZoë Ångström,s-001\n\"O’Neill, Seán\",s-002\nAna Núñez,s-003\n"), "roster.csv")
	if err != nil {
		panic(err)
	}
	versions, _ := quiz.Assign(students, 2, "round-robin", 1, "midterm")
	for i, s := range students {
		fmt.Printf("%s %s → version %s\n", s.ID, s.Name, quiz.Letter(versions[i]))
	}
	_, err = quiz.ParseRoster(strings.NewReader("name,id\nAna,1\nBo\n"), "roster.csv")
	fmt.Println(err)
	// Output:
	// s-001 Zoë Ångström → version A
	// s-002 O’Neill, Seán → version B
	// s-003 Ana Núñez → version A
	// roster.csv:3: want 2 fields (name,id), got 1
}
