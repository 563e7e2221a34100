package projects

import (
	"bytes"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/web"
)

// exportList sends the project list (with the page's filters) as CSV or
// XLSX, by the path's extension.
func (h *Handler) exportList(c *gin.Context) {
	ctx := c.Request.Context()
	table, err := h.svc.ExportTable(ctx, accounts.CurrentUser(ctx), filterFrom(c.Request.URL.Query()), web.Localizer(ctx).Code())
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	var buf bytes.Buffer
	name, ct := "projects.csv", "text/csv; charset=utf-8"
	if strings.HasSuffix(c.Request.URL.Path, ".xlsx") {
		name, ct = "projects.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		err = WriteXLSX(&buf, table)
	} else {
		err = WriteCSV(&buf, table)
	}
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	c.Header("Content-Disposition", web.Disposition(name))
	c.Data(http.StatusOK, ct, buf.Bytes())
}

// exportRecord sends one project's full record as CSV or XLSX.
func (h *Handler) exportRecord(c *gin.Context) {
	p, ok := h.project(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	rec, err := h.svc.Record(ctx, p, web.Localizer(ctx).Code())
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	sheets := RecordSheets(rec)
	var buf bytes.Buffer
	name, ct := "project-"+p.Code+".csv", "text/csv; charset=utf-8"
	if strings.HasSuffix(c.Request.URL.Path, ".xlsx") {
		name, ct = "project-"+p.Code+".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		err = WriteSheetsXLSX(&buf, sheets)
	} else {
		err = WriteSheetsCSV(&buf, sheets)
	}
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	c.Header("Content-Disposition", web.Disposition(name))
	c.Data(http.StatusOK, ct, buf.Bytes())
}
