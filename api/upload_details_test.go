package api

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/document"
	"github.com/evidenceportal/portal/internal/store"
)

// TestUploadDetailsPerFile: three files uploaded together with no type get
// each their own type and period guessed from their names, then set per
// file on the review step; nothing is saved while any file's details are
// wrong; nobody else can open or post another person's files.
func TestUploadDetailsPerFile(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	sub := "submitter.a@demo.test"
	rec := env.uploadAs(t, "/documents/upload", sub, []part{
		{field: "description", body: []byte("Sent for the assessment")},
		{field: "file", filename: "ASC self-assessment 2024-25.txt", body: []byte("Our self-assessment.\n")},
		{field: "file", filename: "LGA peer review.txt", body: []byte("The peer review team found.\n")},
		{field: "file", filename: "Market position statement 2024 to 2027.txt", body: []byte("The market in Ashford Vale.\n")},
	}, true)
	loc := rec.Header().Get("Location")
	if rec.Code != http.StatusSeeOther || !strings.HasPrefix(loc, "/documents/details?id=") {
		t.Fatalf("upload of three = %d to %q, want 303 to the details", rec.Code, loc)
	}
	u, _ := url.Parse(loc)
	ids := u.Query()["id"]
	if len(ids) != 3 {
		t.Fatalf("details of %v, want three ids", ids)
	}
	ctx := context.Background()
	types := map[string]string{}
	for _, id := range ids {
		d, err := env.st.Document(ctx, authz.AllLAs(), id)
		if err != nil {
			t.Fatal(err)
		}
		types[d.Filename] = d.Type + " " + d.Period + " " + d.Description
	}
	want := map[string]string{
		"ASC self-assessment 2024-25.txt":            "self-assessment 2024 to 2025 Sent for the assessment",
		"LGA peer review.txt":                        "peer-review  Sent for the assessment",
		"Market position statement 2024 to 2027.txt": "strategy 2024 to 2027 Sent for the assessment",
	}
	for name, w := range want {
		if types[name] != w {
			t.Errorf("%s recorded as %q, want %q", name, types[name], w)
		}
	}

	form := url.Values{"id": ids}
	for i, id := range ids {
		form.Set("type-"+id, []string{"self-assessment", "peer-review", "strategy"}[i])
		form.Set("title-"+id, []string{"Self-assessment 2024 to 2025", "Peer review", "Market position statement"}[i])
		form.Set("period-"+id, []string{"2024 to 2025", "2025", "2024 to 2027"}[i])
		form.Set("description-"+id, []string{"Ours", "The LGA's", "For providers"}[i])
	}
	bad := url.Values{}
	for k, v := range form {
		bad[k] = v
	}
	bad.Set("type-"+ids[1], "")
	env.run(t, []step{
		{"each file's details, guessed", "GET", loc, sub, nil, 200,
			[]string{"Check each file's details", "File 1: ASC self-assessment 2024-25.txt", "The type and period were guessed from the file&#39;s name.",
				`name="type-` + ids[0] + `"`, `<option value="peer-review" selected>`, `value="2024 to 2027"`, "Sent for the assessment"}, nil},
		{"another council's submitter cannot open them", "GET", loc, "submitter.b@demo.test", nil, 404, nil, nil},
		{"nor a viewer of the council", "GET", loc, "viewer.a@demo.test", nil, 403, nil, nil},
		{"a file without a type: nothing saved", "POST", "/documents/details", sub, bad, 422,
			[]string{"There is a problem", "LGA peer review.txt: Select the type of document", `href="#type-` + ids[1] + `"`}, nil},
		{"another submitter cannot post them", "POST", "/documents/details", "submitter.b@demo.test", form, 404, nil, nil},
		{"saved", "POST", "/documents/details", sub, form, 303, nil, nil},
		{"listed with their own types", "GET", "/documents?uploaded=3", sub, nil, 200,
			[]string{"3 files uploaded", "Self-assessment 2024 to 2025", "Market position statement", "Peer review"}, nil},
		{"a file's page", "GET", "/documents/" + ids[2], sub, nil, 200, []string{"Market position statement", "2024 to 2027", "For providers", "Strategy"}, nil},
	})
	d, err := env.st.Document(ctx, authz.AllLAs(), ids[1])
	if err != nil || d.Type != "peer-review" || d.Title != "Peer review" || d.Period != "2025" || d.Description != "The LGA's" {
		t.Errorf("peer review after the details = %+v, %v", d, err)
	}
	// One file keeps the form's answers, as before.
	rec = env.uploadAs(t, "/documents/upload", sub, []part{{field: "type", body: []byte("policy")},
		{field: "file", filename: "Charging policy 2025.txt", body: []byte("Charges.\n")}}, true)
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/documents?uploaded=1" {
		t.Errorf("upload of one = %d to %q", rec.Code, rec.Header().Get("Location"))
	}
}

// TestGuessedDetails: what an upload of several files left empty is marked
// as a guess (from the file name, or nothing yet); a guess from the text
// (the extract stage's store.SetGuessedDetails) is shown as one, with a
// Change link for the uploader only; a save makes each detail the person's,
// except a type left as Other, which stays open to the text.
func TestGuessedDetails(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	sub := "submitter.a@demo.test"
	rec := env.uploadAs(t, "/documents/upload", sub, []part{
		{field: "file", filename: "notes.txt", body: []byte("Minutes of the board. Attendees: A. Apologies: B.\n")},
		{field: "file", filename: "Board 2024-25.txt", body: []byte("The board met.\n")},
	}, true)
	u, _ := url.Parse(rec.Header().Get("Location"))
	ids := u.Query()["id"]
	if rec.Code != http.StatusSeeOther || len(ids) != 2 {
		t.Fatalf("upload of two = %d to %q", rec.Code, rec.Header().Get("Location"))
	}
	ctx := context.Background()
	sources := func(id string) string {
		t.Helper()
		d, err := env.st.Document(ctx, authz.AllLAs(), id)
		if err != nil {
			t.Fatal(err)
		}
		return d.Type + " from " + string(d.TypeFrom) + ", " + d.Period + " from " + string(d.PeriodFrom)
	}
	for i, want := range []string{"other from none,  from none", "other from none, 2024 to 2025 from name"} {
		if got := sources(ids[i]); got != want {
			t.Errorf("file %d recorded as %q, want %q", i+1, got, want)
		}
	}
	// The extract stage's guess, as it makes it.
	if _, err := env.st.MoveDocument(ctx, store.Transition{ID: ids[0], From: []document.Status{document.Received}, To: document.Extracting}); err != nil {
		t.Fatal(err)
	}
	changed, err := env.st.SetGuessedDetails(ctx, ids[0], store.TextGuess{Type: "minutes", Period: "2024 to 2025"},
		store.AuditEntry{ActorEmail: "tagger", Action: "document_details_guessed", ObjectType: "document", ObjectID: ids[0], LA: "E06009901"})
	if err != nil || strings.Join(changed, ",") != "type,period" {
		t.Fatalf("SetGuessedDetails = %v, %v; want type and period", changed, err)
	}
	if changed, err := env.st.SetGuessedDetails(ctx, ids[1], store.TextGuess{Type: "minutes"}, store.AuditEntry{ActorEmail: "tagger", Action: "document_details_guessed"}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a guess for a document not being read = %v, %v; want ErrNotFound", changed, err)
	}
	page := "/documents/" + ids[0]
	change := `href="/documents/details?id=` + ids[0] + `">Change<span class="govuk-visually-hidden"> the type</span>`
	form := url.Values{"id": ids, "type-" + ids[0]: {"minutes"}, "period-" + ids[0]: {"2024 to 2025"},
		"type-" + ids[1]: {"other"}, "period-" + ids[1]: {"2024 to 2025"}}
	env.run(t, []step{
		{"the page says it was guessed, with a way to change it", "GET", page, sub, nil, 200,
			[]string{"Minutes", `data-testid="type-guess">Guessed from the text</span>`, `data-testid="period-guess">Guessed from the text</span>`, change}, nil},
		{"a viewer sees the guess, not the link", "GET", page, "viewer.a@demo.test", nil, 200,
			[]string{"Guessed from the text"}, []string{change}},
		{"the review step says what was guessed from what", "GET", "/documents/details?id=" + ids[0] + "&id=" + ids[1], sub, nil, 200,
			[]string{"The type and period were guessed from the text.", "The period was guessed from the file&#39;s name."}, nil},
		{"the API says so too", "GET", "/api/v1/documents/" + ids[0], sub, nil, 200,
			[]string{`"type":"minutes"`, `"type_from":"text"`, `"period_from":"text"`}, nil},
		{"saved", "POST", "/documents/details", sub, form, 303, nil, nil},
		{"then no longer a guess", "GET", page, sub, nil, 200, []string{"Minutes", "2024 to 2025"}, []string{"Guessed from"}},
	})
	for i, want := range []string{"minutes from person, 2024 to 2025 from person", "other from none, 2024 to 2025 from person"} {
		if got := sources(ids[i]); got != want {
			t.Errorf("file %d after the save = %q, want %q", i+1, got, want)
		}
	}
	// Read after the save: the type left as Other is filled, the period the
	// person saved is kept.
	if _, err := env.st.MoveDocument(ctx, store.Transition{ID: ids[1], From: []document.Status{document.Received}, To: document.Extracting}); err != nil {
		t.Fatal(err)
	}
	changed, err = env.st.SetGuessedDetails(ctx, ids[1], store.TextGuess{Type: "minutes", Period: "2030 to 2031"},
		store.AuditEntry{ActorEmail: "tagger", Action: "document_details_guessed", ObjectType: "document", ObjectID: ids[1], LA: "E06009901"})
	if err != nil || strings.Join(changed, ",") != "type" {
		t.Errorf("guess after the save changed %v, %v; want the type only", changed, err)
	}
	if got, want := sources(ids[1]), "minutes from text, 2024 to 2025 from person"; got != want {
		t.Errorf("file 2 after the text's guess = %q, want %q", got, want)
	}
}

func TestGuessNote(t *testing.T) {
	tests := []struct {
		typeFrom, periodFrom store.Source
		period               string
		want                 string
	}{
		{store.FromName, store.FromName, "2024", "The type and period were guessed from the file's name."},
		{store.FromName, store.FromNone, "", "The type was guessed from the file's name."},
		{store.FromName, store.FromText, "2024", "The type was guessed from the file's name and the period from the text."},
		{store.FromText, store.FromName, "2024", "The period was guessed from the file's name and the type from the text."},
		{store.FromPerson, store.FromText, "2024", "The period was guessed from the text."},
		{store.FromNone, store.FromName, "", ""}, // nothing guessed: an empty period is no guess
		{store.FromPerson, store.FromPerson, "2024", ""},
	}
	for _, tt := range tests {
		t.Run(string(tt.typeFrom)+" "+string(tt.periodFrom), func(t *testing.T) {
			d := store.Document{TypeFrom: tt.typeFrom, PeriodFrom: tt.periodFrom, Period: tt.period}
			if got := guessNote(d); got != tt.want {
				t.Errorf("guessNote(%s, %s) = %q, want %q", tt.typeFrom, tt.periodFrom, got, tt.want)
			}
		})
	}
}
