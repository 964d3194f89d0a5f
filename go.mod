module github.com/quizdeck/quizdeck

go 1.26.0

require (
	codeberg.org/go-pdf/fpdf v0.12.0
	go.yaml.in/yaml/v3 v3.0.6
	golang.org/x/image v0.48.0
	golang.org/x/text v0.44.0
)
