package api

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/evidenceportal/portal/internal/authz"
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
			[]string{"Check each file's details", "File 1: ASC self-assessment 2024-25.txt", "The type and period were guessed from the file's name",
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
