package certificates

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/baeum-lms/baeum/web"
)

// The issuer profile and the status lists are public JSON-LD documents
// that verifiers fetch, often from a browser page on another site: they
// carry no session, so any origin may read them.

// ldJSON is the media type of the JSON-LD documents.
const ldJSON = "application/ld+json; charset=utf-8"

func (h *Handler) showIssuer(c *gin.Context) {
	doc, err := h.svc.IssuerDocument(c.Request.Context())
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	c.Header("Access-Control-Allow-Origin", "*")
	c.Header("Cache-Control", "public, max-age=300")
	c.Header("Content-Type", ldJSON)
	c.JSON(http.StatusOK, doc)
}

func (h *Handler) showStatusList(c *gin.Context) {
	n, err := strconv.Atoi(c.Param("n"))
	if err != nil || n < 1 {
		web.Fail(c, h.tpl, ErrNotFound)
		return
	}
	body, etag, err := h.svc.StatusList(c.Request.Context(), n)
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	c.Header("Access-Control-Allow-Origin", "*")
	// Revoking shows at once: caches may keep the list but must ask again.
	c.Header("Cache-Control", "no-cache")
	c.Header("ETag", etag)
	if match := c.GetHeader("If-None-Match"); match != "" && match == etag {
		c.Status(http.StatusNotModified)
		return
	}
	c.Data(http.StatusOK, ldJSON, body)
}
