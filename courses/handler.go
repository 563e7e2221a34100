package courses

import (
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/web"
)

func paramID(c *gin.Context, name string) (int64, bool) {
	id, err := strconv.ParseInt(c.Param(name), 10, 64)
	return id, err == nil && id > 0
}

func formInt(c *gin.Context, name string) int {
	n, _ := strconv.Atoi(c.PostForm(name))
	return n
}

func options[T ~string](l *i18n.Localizer, prefix string, all []T, selected string) []i18n.Option {
	out := make([]i18n.Option, len(all))
	for i, v := range all {
		out[i] = i18n.Option{Value: string(v), Label: l.T(prefix + string(v)), Selected: string(v) == selected}
	}
	return out
}

// localeOptions lists the content locales, each named in itself.
func localeOptions(selected string) []i18n.Option {
	out := make([]i18n.Option, len(i18n.ContentLocales))
	for i, c := range i18n.ContentLocales {
		out[i] = i18n.Option{Value: c, Label: i18n.LanguageName(c), Selected: c == selected}
	}
	return out
}

func (h *Handler) programmeOptions(c *gin.Context, selected int64) ([]i18n.Option, error) {
	ps, err := h.svc.ProgrammeChoices(c.Request.Context(), web.Localizer(c.Request.Context()).Code())
	if err != nil {
		return nil, err
	}
	out := make([]i18n.Option, len(ps))
	for i, p := range ps {
		out[i] = i18n.Option{Value: strconv.FormatInt(p.ID, 10), Label: p.Title.Text + " (" + p.Code + ")", Selected: p.ID == selected}
	}
	return out, nil
}
