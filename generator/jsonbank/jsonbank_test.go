package jsonbank_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/internal/golden"
	"github.com/quizdeck/quizdeck/generator/jsonbank"
)

func TestWrite(t *testing.T) {
	id := generator.QuestionID("eurasian-union", "gyumri-base", generator.BaseCountry)
	qs := []generator.Question{{ID: id, Deck: "eurasian-union", Fact: "gyumri-base", Kind: generator.BaseCountry,
		Prompt: "In which country is Gyumri, a base Moscow has secured until 2044?", Answer: "Armenia",
		Distractors: []string{"Uzbekistan", "Kyrgyzstan", "Tajikistan"}, Attribution: "Gyumri; a base <until> 2044",
		Source: generator.Citation{Excerpt: "Moscow has secured its base at Gyumri in Armenia until 2044"},
		Tags:   []string{"caucasus"}, GUID: generator.GUID(id)}}
	var buf bytes.Buffer
	if err := jsonbank.Write(&buf, 1, qs); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "testdata/bank.json.golden", buf.Bytes())
	var back jsonbank.Bank
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if len(back.Questions) != 1 || back.Questions[0].GUID != qs[0].GUID || back.Questions[0].Distractors[2] != "Tajikistan" {
		t.Errorf("round trip lost data: %+v", back)
	}
}

func TestWriteEmpty(t *testing.T) {
	var buf bytes.Buffer
	if err := jsonbank.Write(&buf, 1, nil); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(buf.Bytes(), []byte(`"questions": []`)) {
		t.Errorf("empty bank is not an empty list: %s", buf.Bytes())
	}
}
