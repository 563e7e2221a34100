package enrollment

import (
	"bufio"
	"encoding/csv"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/xuri/excelize/v2"

	"github.com/baeum-lms/baeum/files"
	"github.com/baeum-lms/baeum/web"
)

// rosterHeader names the export's columns.
var rosterHeader = []string{"email", "name", "native_name", "position", "organisation", "country", "gender", "status",
	"lessons_done", "lessons_required", "percent", "best_score", "attendance_rate", "at_risk", "completed_at"}

// rosterRecord is one trainee as an export row, with the cells that a
// spreadsheet would run as formulas prefixed with an apostrophe
// (files.SafeCell). It fills and returns rec.
func rosterRecord(r *RosterRow, rec []string) []string {
	score, att, done := "", "", ""
	if r.BestScore != nil {
		score = strconv.FormatFloat(*r.BestScore, 'f', -1, 64)
	}
	if r.AttendanceRate != nil {
		att = strconv.Itoa(*r.AttendanceRate)
	}
	if r.CompletedAt != nil {
		done = r.CompletedAt.UTC().Format(time.RFC3339)
	}
	rec = append(rec[:0], r.Email, r.Name, r.NativeName, r.Position, r.Organisation, r.Country, r.Gender, string(r.Status),
		strconv.Itoa(r.LessonsDone), strconv.Itoa(r.LessonsRequired), strconv.Itoa(r.Percent), score, att, strconv.FormatBool(r.AtRisk), done)
	return files.SafeRow(rec)
}

// exportRoster writes the cohort's roster with progress as CSV or XLSX:
// every trainee the page's search and filters keep (the whole cohort
// without them), on every page, in the page's order. Rows go out as the
// database gives them, so the roster is never held whole in memory (XLSX
// through excelize's stream writer, which spills to a temporary file when
// large).
func (h *Handler) exportRoster(c *gin.Context) {
	co, ok := h.managed(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	f, _ := rosterFilterFrom(c.Request.URL.Query())
	name := "roster-" + co.Code
	if strings.HasSuffix(c.Request.URL.Path, ".xlsx") {
		h.exportRosterXLSX(c, co, f, name+".xlsx")
		return
	}
	c.Header("Content-Type", "text/csv; charset=utf-8")
	c.Header("Content-Disposition", web.Disposition(name+".csv"))
	buf := bufio.NewWriterSize(c.Writer, 32<<10)
	_, _ = buf.Write([]byte{0xEF, 0xBB, 0xBF}) // Excel reads UTF-8 only with a BOM
	w := csv.NewWriter(buf)
	_ = w.Write(rosterHeader)
	rec := make([]string, 0, len(rosterHeader))
	err := h.svc.EachRosterRow(ctx, co, f, func(r *RosterRow) error {
		return w.Write(rosterRecord(r, rec))
	})
	if err == nil {
		w.Flush()
		err = w.Error()
	}
	if err == nil {
		err = buf.Flush()
	}
	if err != nil {
		h.exportFailed(c, err)
	}
}

func (h *Handler) exportRosterXLSX(c *gin.Context, co *Cohort, f RosterFilter, name string) {
	ctx := c.Request.Context()
	x := excelize.NewFile()
	defer func() { _ = x.Close() }()
	sw, err := x.NewStreamWriter("Sheet1")
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	line := 1
	cells := make([]any, len(rosterHeader))
	rec := make([]string, 0, len(rosterHeader))
	write := func(row []string) error {
		for i, v := range row {
			cells[i] = v
		}
		cell, _ := excelize.CoordinatesToCellName(1, line)
		line++
		return sw.SetRow(cell, cells)
	}
	err = write(rosterHeader)
	if err == nil {
		err = h.svc.EachRosterRow(ctx, co, f, func(r *RosterRow) error { return write(rosterRecord(r, rec)) })
	}
	if err == nil {
		err = sw.Flush()
	}
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	c.Header("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	c.Header("Content-Disposition", web.Disposition(name))
	c.Status(http.StatusOK)
	if _, err := x.WriteTo(c.Writer); err != nil {
		h.exportFailed(c, err)
	}
}

// exportFailed ends a download that went wrong: with an error page while
// nothing is sent yet, else by cutting the answer short (a client sees a
// broken download, never a partial file that looks whole).
func (h *Handler) exportFailed(c *gin.Context, err error) {
	if !c.Writer.Written() {
		c.Writer.Header().Del("Content-Type")
		c.Writer.Header().Del("Content-Disposition")
		web.Fail(c, h.tpl, err)
		return
	}
	slog.ErrorContext(c.Request.Context(), "roster export cut short", "err", err, "request_id", web.RequestID(c.Request.Context()))
	c.Abort()
	panic(http.ErrAbortHandler)
}
