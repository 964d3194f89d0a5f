// Package grade scores a class's responses to a printed quiz and analyses
// every question, across shuffled versions. It is pure: it reads the key
// from a build's manifest (generator.Manifest, which records each version's
// printed order, letters, points, sections and option texts), parses a
// responses CSV, and writes CSV to writers; the command does the files and
// generator/pdfquiz draws the report.
//
// # Responses CSV
//
// One header row, then one row per student. Columns are found by their
// header, in any order, case, spacing and punctuation ignored:
//
//	student id   id, student, student id, student_id, sid, student number, username
//	name         name, student name, full name; or first name + last name (optional)
//	version      version, form, test form, variant, booklet (optional when the
//	             build printed per-student copies or a roster key is given)
//	question n   n, Qn, Q0n, Question n, Item n, #n, No. n, Answer n: one per printed question
//
// Other columns (a scanner's score, a timestamp, an email) are ignored and
// listed. The separator is a comma, or a semicolon or tab when the header
// line has more of those; a UTF-8 byte-order mark is dropped.
//
// An answer cell holds the letter marked, in either case. Blank or "-" is
// no answer. Several letters ("AB", "A,B", "A/B") are a multiple mark,
// scored as wrong and reported. Matching items take letters of the
// section's choices. A short-answer item takes the points awarded, 0 to the
// item's points ("1", "0.5" or "0,5"); blank is 0.
//
// Bad input is reported as file:line:col: message, every problem at once:
// an unknown student (when the build has a roster), a duplicate student, a
// version the build did not print or that contradicts the roster, a letter
// beyond the options, points out of range, a row with the wrong number of
// fields, a missing question column.
//
// # Analysis
//
// Difficulty is the share of an item's points earned (the share correct).
// Discrimination is the corrected point-biserial: the correlation of the
// item's score with the total of the other items. Options are counted by
// text, so "Putin" is one option whichever letter each version gave it.
// Flags: negative discrimination (possible miskey), discrimination under
// LowDiscrimination (ambiguous or off-target), an option the top group
// (TopGroup of the class by total) chose more often than the key, and a
// multiple-choice distractor chosen by under DeadShare of the class. The
// test figures are the mean, standard deviation (divisor N), KR-20
// (Cronbach's alpha when items carry several points) and the standard
// error of measurement.
package grade
