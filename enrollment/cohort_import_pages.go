package enrollment

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/templates"
	"github.com/baeum-lms/baeum/web"
)

type importProblem struct {
	Line    int
	Column  string
	Message string
}

type importView struct {
	web.Page
	Cohort   *Cohort
	FileName string
	Key      string
	Summary  *ImportSummary
	Errors   []importProblem
	More     int // problems not shown
}

const shownProblems = 200

func (h *Handler) showImport(c *gin.Context) {
	co, ok := h.managed(c)
	if !ok {
		return
	}
	web.HTML(c, h.tpl, http.StatusOK, templates.CohortImport, &importView{Page: web.NewPage(c, "page.import.title", "Code", co.Code), Cohort: co})
}

// importFail shows every problem of the list, translated, on the page.
func (h *Handler) importFail(c *gin.Context, co *Cohort, name string, err error) {
	v := &importView{Page: web.NewPage(c, "page.import.title", "Code", co.Code), Cohort: co, FileName: name}
	var ie *ImportError
	if !errors.As(err, &ie) {
		if !v.AddProblems(err) {
			web.Fail(c, h.tpl, err)
			return
		}
		web.HTML(c, h.tpl, web.Status(err), templates.CohortImport, v)
		return
	}
	for i, p := range ie.Problems {
		if i == shownProblems {
			v.More = len(ie.Problems) - shownProblems
			break
		}
		v.Errors = append(v.Errors, importProblem{Line: p.Line, Column: p.Column, Message: v.L.Message(p.Msg)})
	}
	v.Problems = append(v.Problems, web.Problem{Field: "file", Message: v.T("error.import.problems", "Count", len(ie.Problems))})
	web.HTML(c, h.tpl, http.StatusUnprocessableEntity, templates.CohortImport, v)
}

func (h *Handler) previewImportPage(c *gin.Context) {
	ctx := c.Request.Context()
	co, ok := h.managed(c)
	if !ok {
		return
	}
	fh, err := c.FormFile("file")
	if err != nil {
		h.importFail(c, co, "", fieldError("file", "error.field.required"))
		return
	}
	f, err := fh.Open()
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	data, rows, err := ReadTraineeList(ctx, fh.Filename, f)
	_ = f.Close()
	if err != nil {
		h.importFail(c, co, fh.Filename, err)
		return
	}
	sum, err := h.svc.PreviewImport(ctx, co, rows)
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	if sum.ToSeat > sum.SeatsLeft {
		h.importFail(c, co, fh.Filename, errNotEnoughSeats(sum.ToSeat, sum.SeatsLeft))
		return
	}
	// Keep the checked file until the coordinator confirms; the commit
	// checks it again, as things may have changed in between.
	ext := ".csv"
	if strings.HasSuffix(strings.ToLower(fh.Filename), ".xlsx") {
		ext = ".xlsx"
	}
	key, err := h.files.Put(ctx, fmt.Sprintf("imports/%d", co.ID), data, "application/octet-stream")
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	v := &importView{Page: web.NewPage(c, "page.import.title", "Code", co.Code), Cohort: co, FileName: fh.Filename, Key: key + ext, Summary: &sum}
	web.HTML(c, h.tpl, http.StatusOK, templates.CohortImport, v)
}

func (h *Handler) commitImportPage(c *gin.Context) {
	ctx := c.Request.Context()
	co, ok := h.managed(c)
	if !ok {
		return
	}
	key := c.PostForm("key")
	ext := key[strings.LastIndexByte(key, '.')+1:]
	key = strings.TrimSuffix(key, "."+ext)
	if !strings.HasPrefix(key, fmt.Sprintf("imports/%d/", co.ID)) || strings.Contains(key, "..") || (ext != "csv" && ext != "xlsx") {
		web.ErrorPage(c, h.tpl, http.StatusBadRequest, nil)
		return
	}
	r, err := h.files.Open(ctx, key)
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	data, err := io.ReadAll(r)
	_ = r.Close()
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	rows, err := ParseTrainees(ctx, "list."+ext, data)
	if err == nil {
		_, err = h.svc.ImportTrainees(ctx, accounts.ActorFrom(ctx), co.ID, rows)
	}
	if err != nil {
		h.importFail(c, co, "", err)
		return
	}
	_ = h.files.Delete(ctx, key)
	web.Redirect(c, fmt.Sprintf("/coordinate/cohorts/%d#roster", co.ID), "flash.imported")
}
