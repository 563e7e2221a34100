package courses

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/web"
)

// LocalizedOut is a text chosen for the caller, with the locale it is in.
type LocalizedOut struct {
	Text     string `json:"text"`
	Lang     string `json:"lang" doc:"Locale the text is really in"`
	Fallback bool   `json:"fallback" doc:"True when the text is not in the requested locale"`
}

func locOut(l i18n.Localized) LocalizedOut { return LocalizedOut(l) }

// ProgrammeOut is a programme as the API shows it.
type ProgrammeOut struct {
	ID            int64             `json:"id"`
	Code          string            `json:"code"`
	Type          ProgrammeType     `json:"type"`
	DefaultLocale string            `json:"default_locale"`
	Title         LocalizedOut      `json:"title"`
	Titles        map[string]string `json:"titles" doc:"Title by locale"`
}

func programmeOut(p *Programme, locale string) ProgrammeOut {
	title, _ := programmeValues(p.Translations)
	return ProgrammeOut{ID: p.ID, Code: p.Code, Type: p.Type, DefaultLocale: p.DefaultLocale, Title: locOut(p.ProgrammeTitle(locale)), Titles: title}
}

type langIn struct {
	Lang string `query:"lang" doc:"Locale for texts; defaults to the caller's language"`
}

func requestLocale(ctx context.Context, lang string) string {
	if i18n.ValidLocale(lang) {
		return lang
	}
	return web.Localizer(ctx).Code()
}

type programmesOut struct {
	Body struct {
		Programmes []ProgrammeOut `json:"programmes"`
	}
}

func (h *Handler) apiProgrammes(ctx context.Context, in *langIn) (*programmesOut, error) {
	ps, err := h.svc.Programmes(ctx)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	out := &programmesOut{}
	out.Body.Programmes = make([]ProgrammeOut, len(ps))
	loc := requestLocale(ctx, in.Lang)
	for i := range ps {
		out.Body.Programmes[i] = programmeOut(&ps[i], loc)
	}
	return out, nil
}

type programmeCreateIn struct {
	Body struct {
		Code          string        `json:"code" maxLength:"40"`
		Type          ProgrammeType `json:"type" enum:"long_term,foundation,specialized,policy_forum,e_learning,elected_officials,foreign_officials,smu_invitational"`
		DefaultLocale string        `json:"default_locale" maxLength:"8"`
		Title         string        `json:"title" maxLength:"200"`
		Summary       string        `json:"summary,omitempty" maxLength:"2000"`
	}
}

type programmeBody struct {
	Body ProgrammeOut
}

func (h *Handler) apiCreateProgramme(ctx context.Context, in *programmeCreateIn) (*programmeBody, error) {
	b := in.Body
	p, err := h.svc.CreateProgramme(ctx, accounts.ActorFrom(ctx), ProgrammeInput{Code: b.Code, Type: b.Type, DefaultLocale: b.DefaultLocale, Title: b.Title, Summary: b.Summary})
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	return &programmeBody{Body: programmeOut(p, b.DefaultLocale)}, nil
}

type programmeTextIn struct {
	ID     int64  `path:"id" minimum:"1"`
	Locale string `path:"locale"`
	Body   struct {
		Title   string `json:"title" maxLength:"200"`
		Summary string `json:"summary,omitempty" maxLength:"2000"`
	}
}

func (h *Handler) apiProgrammeText(ctx context.Context, in *programmeTextIn) (*programmeBody, error) {
	if err := h.svc.SetProgrammeText(ctx, accounts.ActorFrom(ctx), in.ID, in.Locale, in.Body.Title, in.Body.Summary); err != nil {
		return nil, web.APIError(ctx, err)
	}
	p, err := h.svc.Programme(ctx, in.ID)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	return &programmeBody{Body: programmeOut(p, in.Locale)}, nil
}

// CatalogueItemOut is a course in the catalogue.
type CatalogueItemOut struct {
	ID             int64        `json:"id"`
	Code           string       `json:"code"`
	Delivery       Delivery     `json:"delivery"`
	DurationHours  int          `json:"duration_hours"`
	Status         Status       `json:"status"`
	SelfEnrol      bool         `json:"self_enrol"`
	Title          LocalizedOut `json:"title"`
	Summary        LocalizedOut `json:"summary"`
	ProgrammeID    int64        `json:"programme_id"`
	ProgrammeTitle LocalizedOut `json:"programme_title"`
	Languages      []string     `json:"languages"`
}

type catalogueIn struct {
	Lang      string `query:"lang" doc:"Locale for texts"`
	Q         string `query:"q" maxLength:"200" doc:"Words in any language's title or summary"`
	Programme int64  `query:"programme" minimum:"0"`
	Delivery  string `query:"delivery" enum:"online,in_person,blended,"`
	Language  string `query:"language" doc:"Only courses available in this locale"`
	Status    string `query:"status" enum:"published,all," doc:"all: drafts and archived too (coordinators)"`
	Page      int    `query:"page" minimum:"1" default:"1"`
	PerPage   int    `query:"per_page" minimum:"1" maximum:"100" default:"20"`
}

type catalogueOut struct {
	Body struct {
		Courses []CatalogueItemOut `json:"courses"`
		Total   int64              `json:"total"`
		Page    int                `json:"page"`
		PerPage int                `json:"per_page"`
	}
}

func (h *Handler) apiCatalogue(ctx context.Context, in *catalogueIn) (*catalogueOut, error) {
	u := accounts.CurrentUser(ctx)
	if in.Language != "" && !i18n.ValidLocale(in.Language) {
		return nil, web.APIError(ctx, fieldErr("language", "error.field.content_locale", "Locale", in.Language))
	}
	if in.Lang != "" && !i18n.ValidLocale(in.Lang) {
		return nil, web.APIError(ctx, fieldErr("lang", "error.field.content_locale", "Locale", in.Lang))
	}
	f := CatalogueFilter{Query: in.Q, ProgrammeID: in.Programme, Delivery: Delivery(in.Delivery), Language: in.Language,
		Locale: requestLocale(ctx, in.Lang), Page: in.Page, PerPage: in.PerPage}
	if in.Status == "all" {
		if !u.Can(accounts.RoleCoordinator) {
			return nil, web.APIError(ctx, accounts.ErrForbidden)
		}
		f.AllStatuses = true
	}
	items, total, err := h.svc.Catalogue(ctx, f)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	out := &catalogueOut{}
	out.Body.Courses = make([]CatalogueItemOut, len(items))
	for i, it := range items {
		out.Body.Courses[i] = CatalogueItemOut{ID: it.ID, Code: it.Code, Delivery: it.Delivery, DurationHours: it.DurationHours,
			Status: it.Status, SelfEnrol: it.SelfEnrol, Title: locOut(it.Title), Summary: locOut(it.Summary), ProgrammeID: it.ProgrammeID,
			ProgrammeTitle: locOut(it.ProgrammeTitle), Languages: it.Languages}
		if out.Body.Courses[i].Languages == nil {
			out.Body.Courses[i].Languages = []string{}
		}
	}
	out.Body.Total, out.Body.Page, out.Body.PerPage = total, in.Page, in.PerPage
	return out, nil
}

// CourseOut is a course with its outline in the caller's language. Quiz
// answers never appear in it.
type CourseOut struct {
	ID            int64        `json:"id"`
	ProgrammeID   int64        `json:"programme_id"`
	Code          string       `json:"code"`
	Delivery      Delivery     `json:"delivery"`
	DurationHours int          `json:"duration_hours"`
	DefaultLocale string       `json:"default_locale"`
	PassMark      int          `json:"pass_mark"`
	Status        Status       `json:"status"`
	SelfEnrol     bool         `json:"self_enrol"`
	PublishedAt   *time.Time   `json:"published_at,omitempty"`
	Title         LocalizedOut `json:"title"`
	Summary       LocalizedOut `json:"summary"`
	Languages     []string     `json:"languages" doc:"Locales in which every required text is filled"`
	Modules       []ModuleOut  `json:"modules"`
}

// ModuleOut is a module in a CourseOut.
type ModuleOut struct {
	ID      int64        `json:"id"`
	Title   LocalizedOut `json:"title"`
	Lessons []LessonOut  `json:"lessons"`
}

// LessonOut is a lesson in a CourseOut.
type LessonOut struct {
	ID        int64        `json:"id"`
	ModuleID  int64        `json:"module_id"`
	Kind      LessonKind   `json:"kind"`
	Required  bool         `json:"required"`
	Title     LocalizedOut `json:"title"`
	Questions int          `json:"questions,omitempty"`
}

// CourseOutFor builds the API view of a loaded course for locale.
func CourseOutFor(c *Course, locale string) CourseOut {
	out := CourseOut{ID: c.ID, ProgrammeID: c.ProgrammeID, Code: c.Code, Delivery: c.Delivery, DurationHours: c.DurationHours,
		DefaultLocale: c.DefaultLocale, PassMark: c.PassMark, Status: c.Status, SelfEnrol: c.SelfEnrol, PublishedAt: c.PublishedAt,
		Title: locOut(c.Title(locale)), Summary: locOut(c.Summary(locale)), Languages: []string{}, Modules: []ModuleOut{}}
	for _, st := range Completeness(c) {
		if st.Complete() {
			out.Languages = append(out.Languages, st.Locale)
		}
	}
	for mi := range c.Modules {
		m := &c.Modules[mi]
		mo := ModuleOut{ID: m.ID, Title: locOut(m.TitleIn(locale, c.DefaultLocale)), Lessons: []LessonOut{}}
		for li := range m.Lessons {
			l := &m.Lessons[li]
			mo.Lessons = append(mo.Lessons, LessonOut{ID: l.ID, ModuleID: m.ID, Kind: l.Kind, Required: l.Required,
				Title: locOut(l.TitleIn(locale, c.DefaultLocale)), Questions: len(l.Questions)})
		}
		out.Modules = append(out.Modules, mo)
	}
	return out
}

type courseIDIn struct {
	ID   int64  `path:"id" minimum:"1"`
	Lang string `query:"lang"`
}

type courseBody struct {
	Body CourseOut
}

func (h *Handler) apiGetCourse(ctx context.Context, in *courseIDIn) (*courseBody, error) {
	c, err := h.svc.Course(ctx, in.ID)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	if c.Status != Published && !accounts.CurrentUser(ctx).Can(accounts.RoleCoordinator) {
		return nil, web.APIError(ctx, ErrCourseNotFound)
	}
	return &courseBody{Body: CourseOutFor(c, requestLocale(ctx, in.Lang))}, nil
}

type courseCreateIn struct {
	Body struct {
		ProgrammeID   int64    `json:"programme_id" minimum:"1"`
		Code          string   `json:"code" maxLength:"40"`
		Delivery      Delivery `json:"delivery" enum:"online,in_person,blended"`
		DurationHours int      `json:"duration_hours" minimum:"0" maximum:"5000"`
		DefaultLocale string   `json:"default_locale" maxLength:"8"`
		PassMark      int      `json:"pass_mark" minimum:"0" maximum:"100"`
		SelfEnrol     bool     `json:"self_enrol,omitempty"`
		Title         string   `json:"title" maxLength:"200"`
		Summary       string   `json:"summary,omitempty" maxLength:"5000"`
	}
}

func (h *Handler) apiCreateCourse(ctx context.Context, in *courseCreateIn) (*courseBody, error) {
	b := in.Body
	c, err := h.svc.CreateCourse(ctx, accounts.ActorFrom(ctx), CourseInput{ProgrammeID: b.ProgrammeID, Code: b.Code, Delivery: b.Delivery,
		DurationHours: b.DurationHours, DefaultLocale: b.DefaultLocale, PassMark: b.PassMark, SelfEnrol: b.SelfEnrol, Title: b.Title, Summary: b.Summary})
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	return h.courseBody(ctx, c.ID, b.DefaultLocale)
}

func (h *Handler) courseBody(ctx context.Context, id int64, locale string) (*courseBody, error) {
	c, err := h.svc.Course(ctx, id)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	return &courseBody{Body: CourseOutFor(c, locale)}, nil
}

type courseSettingsIn struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		ProgrammeID   int64    `json:"programme_id" minimum:"1"`
		Code          string   `json:"code" maxLength:"40"`
		Delivery      Delivery `json:"delivery" enum:"online,in_person,blended"`
		DurationHours int      `json:"duration_hours" minimum:"0" maximum:"5000"`
		DefaultLocale string   `json:"default_locale" maxLength:"8"`
		PassMark      int      `json:"pass_mark" minimum:"0" maximum:"100"`
		SelfEnrol     bool     `json:"self_enrol"`
	}
}

func (h *Handler) apiUpdateCourse(ctx context.Context, in *courseSettingsIn) (*courseBody, error) {
	b := in.Body
	if _, err := h.svc.UpdateCourse(ctx, accounts.ActorFrom(ctx), in.ID, CourseSettings{ProgrammeID: b.ProgrammeID, Code: b.Code,
		Delivery: b.Delivery, DurationHours: b.DurationHours, DefaultLocale: b.DefaultLocale, PassMark: b.PassMark, SelfEnrol: b.SelfEnrol}); err != nil {
		return nil, web.APIError(ctx, err)
	}
	return h.courseBody(ctx, in.ID, b.DefaultLocale)
}

type statusIn struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Status Status `json:"status" enum:"draft,published,archived"`
	}
}

func (h *Handler) apiSetStatus(ctx context.Context, in *statusIn) (*courseBody, error) {
	c, err := h.svc.SetStatus(ctx, accounts.ActorFrom(ctx), in.ID, in.Body.Status)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	return h.courseBody(ctx, c.ID, web.Localizer(ctx).Code())
}

// TextOut is one translatable text of a course with every locale's value.
type TextOut struct {
	Key      string            `json:"key" doc:"Stable key to send back when saving"`
	Path     string            `json:"path" doc:"Place in the course, as in the export file"`
	Required bool              `json:"required"`
	Values   map[string]string `json:"values"`
}

// LocaleStatusOut is how complete one language is.
type LocaleStatusOut struct {
	Locale   string   `json:"locale"`
	Filled   int      `json:"filled"`
	Required int      `json:"required"`
	Missing  []string `json:"missing" doc:"Paths of the required texts still empty"`
}

type textsOut struct {
	Body struct {
		DefaultLocale string            `json:"default_locale"`
		Texts         []TextOut         `json:"texts"`
		Completeness  []LocaleStatusOut `json:"completeness"`
	}
}

func textsBody(c *Course) *textsOut {
	out := &textsOut{}
	out.Body.DefaultLocale = c.DefaultLocale
	for _, t := range c.Texts() {
		out.Body.Texts = append(out.Body.Texts, TextOut{Key: t.Key, Path: t.Path, Required: t.Required, Values: t.Values})
	}
	for _, st := range Completeness(c) {
		ls := LocaleStatusOut{Locale: st.Locale, Filled: st.Filled, Required: st.Required, Missing: []string{}}
		for _, m := range st.Missing {
			ls.Missing = append(ls.Missing, m.Path)
		}
		out.Body.Completeness = append(out.Body.Completeness, ls)
	}
	return out
}

func (h *Handler) apiTexts(ctx context.Context, in *courseIDIn) (*textsOut, error) {
	c, err := h.svc.Course(ctx, in.ID)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	return textsBody(c), nil
}

type saveTextsIn struct {
	ID     int64  `path:"id" minimum:"1"`
	Locale string `path:"locale"`
	Body   struct {
		Values map[string]string `json:"values" doc:"Text key → value in this locale"`
	}
}

func (h *Handler) apiSaveTexts(ctx context.Context, in *saveTextsIn) (*textsOut, error) {
	if err := h.svc.SaveTexts(ctx, accounts.ActorFrom(ctx), in.ID, in.Locale, in.Body.Values); err != nil {
		return nil, web.APIError(ctx, err)
	}
	return h.apiTexts(ctx, &courseIDIn{ID: in.ID})
}

type moduleIn struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Title string `json:"title" maxLength:"200" doc:"In the course's default locale"`
	}
}

type moduleBody struct {
	Body struct {
		ID       int64 `json:"id"`
		CourseID int64 `json:"course_id"`
		Position int   `json:"position"`
	}
}

func (h *Handler) apiAddModule(ctx context.Context, in *moduleIn) (*moduleBody, error) {
	m, err := h.svc.AddModule(ctx, accounts.ActorFrom(ctx), in.ID, in.Body.Title)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	out := &moduleBody{}
	out.Body.ID, out.Body.CourseID, out.Body.Position = m.ID, m.CourseID, m.Position
	return out, nil
}

// LessonSettingsOut is a lesson's settings as coordinators see them.
type LessonSettingsOut struct {
	ID           int64      `json:"id"`
	ModuleID     int64      `json:"module_id"`
	CourseID     int64      `json:"course_id"`
	Position     int        `json:"position"`
	Kind         LessonKind `json:"kind"`
	Required     bool       `json:"required"`
	VideoURL     string     `json:"video_url,omitempty"`
	FileName     string     `json:"file_name,omitempty"`
	FileSize     int64      `json:"file_size,omitempty"`
	PassMark     int        `json:"pass_mark"`
	AttemptLimit int        `json:"attempt_limit"`
	Shuffle      bool       `json:"shuffle"`
	ShowFeedback bool       `json:"show_feedback"`
}

func lessonOut(l *Lesson) LessonSettingsOut {
	return LessonSettingsOut{ID: l.ID, ModuleID: l.ModuleID, CourseID: l.CourseID, Position: l.Position, Kind: l.Kind, Required: l.Required,
		VideoURL: l.VideoURL, FileName: l.FileName, FileSize: l.FileSize, PassMark: l.PassMark, AttemptLimit: l.AttemptLimit,
		Shuffle: l.Shuffle, ShowFeedback: l.ShowFeedback}
}

type lessonBody struct {
	Body LessonSettingsOut
}

type lessonCreateIn struct {
	ID   int64 `path:"id" minimum:"1" doc:"Module id"`
	Body struct {
		Kind         LessonKind `json:"kind" enum:"text,video,file,quiz"`
		Title        string     `json:"title" maxLength:"200"`
		Body         string     `json:"body,omitempty" maxLength:"200000" doc:"Markdown (text) or transcript (video)"`
		Required     bool       `json:"required"`
		VideoURL     string     `json:"video_url,omitempty" maxLength:"2000"`
		PassMark     int        `json:"pass_mark,omitempty" minimum:"0" maximum:"100"`
		AttemptLimit int        `json:"attempt_limit,omitempty" minimum:"0" maximum:"100"`
		Shuffle      bool       `json:"shuffle,omitempty"`
		ShowFeedback bool       `json:"show_feedback,omitempty"`
	}
}

func (h *Handler) apiAddLesson(ctx context.Context, in *lessonCreateIn) (*lessonBody, error) {
	b := in.Body
	l, err := h.svc.AddLesson(ctx, accounts.ActorFrom(ctx), in.ID, LessonInput{Kind: b.Kind, Title: b.Title, Body: b.Body, Required: b.Required,
		VideoURL: b.VideoURL, PassMark: b.PassMark, AttemptLimit: b.AttemptLimit, Shuffle: b.Shuffle, ShowFeedback: b.ShowFeedback})
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	return &lessonBody{Body: lessonOut(l)}, nil
}

type lessonUpdateIn struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Required     bool   `json:"required"`
		VideoURL     string `json:"video_url,omitempty" maxLength:"2000"`
		PassMark     int    `json:"pass_mark,omitempty" minimum:"0" maximum:"100"`
		AttemptLimit int    `json:"attempt_limit,omitempty" minimum:"0" maximum:"100"`
		Shuffle      bool   `json:"shuffle,omitempty"`
		ShowFeedback bool   `json:"show_feedback,omitempty"`
	}
}

func (h *Handler) apiUpdateLesson(ctx context.Context, in *lessonUpdateIn) (*lessonBody, error) {
	b := in.Body
	l, err := h.svc.UpdateLesson(ctx, accounts.ActorFrom(ctx), in.ID, LessonInput{Required: b.Required, VideoURL: b.VideoURL,
		PassMark: b.PassMark, AttemptLimit: b.AttemptLimit, Shuffle: b.Shuffle, ShowFeedback: b.ShowFeedback})
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	return &lessonBody{Body: lessonOut(l)}, nil
}

type idIn struct {
	ID int64 `path:"id" minimum:"1"`
}

func (h *Handler) apiDeleteLesson(ctx context.Context, in *idIn) (*struct{}, error) {
	if err := h.svc.DeleteLesson(ctx, accounts.ActorFrom(ctx), in.ID); err != nil {
		return nil, web.APIError(ctx, err)
	}
	return nil, nil
}

type fileUploadIn struct {
	ID      int64 `path:"id" minimum:"1"`
	RawBody huma.MultipartFormFiles[struct {
		File huma.FormFile `form:"file" contentType:"application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/vnd.openxmlformats-officedocument.presentationml.presentation,application/octet-stream" required:"true"`
	}]
}

func (h *Handler) apiUploadFile(ctx context.Context, in *fileUploadIn) (*lessonBody, error) {
	f := in.RawBody.Data().File
	if err := h.svc.AttachFile(ctx, accounts.ActorFrom(ctx), in.ID, f.Filename, f.File, h.maxUpload); err != nil {
		return nil, web.APIError(ctx, err)
	}
	l, err := h.svc.LessonByID(ctx, in.ID)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	return &lessonBody{Body: lessonOut(l)}, nil
}

type questionCreateIn struct {
	ID   int64 `path:"id" minimum:"1" doc:"Quiz lesson id"`
	Body struct {
		Kind         QuestionKind `json:"kind" enum:"single,multiple,true_false,short,numeric"`
		Points       int          `json:"points" minimum:"1" maximum:"100"`
		Prompt       string       `json:"prompt" maxLength:"5000"`
		Feedback     string       `json:"feedback,omitempty" maxLength:"5000"`
		Answers      []string     `json:"answers,omitempty" maxItems:"50" doc:"Accepted short answers"`
		AnswerBool   bool         `json:"answer_bool,omitempty"`
		AnswerNumber float64      `json:"answer_number,omitempty"`
		Tolerance    float64      `json:"tolerance,omitempty" minimum:"0"`
		Choices      []struct {
			Text    string `json:"text" maxLength:"1000"`
			Correct bool   `json:"correct,omitempty"`
		} `json:"choices,omitempty" maxItems:"20"`
	}
}

type questionBody struct {
	Body struct {
		ID       int64   `json:"id"`
		LessonID int64   `json:"lesson_id"`
		Position int     `json:"position"`
		Choices  []int64 `json:"choices,omitempty" doc:"Ids of the created choices, in order"`
	}
}

func (h *Handler) apiAddQuestion(ctx context.Context, in *questionCreateIn) (*questionBody, error) {
	b := in.Body
	qin := QuestionInput{Kind: b.Kind, Points: b.Points, Prompt: b.Prompt, Feedback: b.Feedback, Answers: b.Answers,
		AnswerBool: b.AnswerBool, AnswerNumber: b.AnswerNumber, Tolerance: b.Tolerance}
	for _, c := range b.Choices {
		qin.Choices = append(qin.Choices, ChoiceInput{Text: c.Text, Correct: c.Correct})
	}
	q, err := h.svc.AddQuestion(ctx, accounts.ActorFrom(ctx), in.ID, qin)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	out := &questionBody{}
	out.Body.ID, out.Body.LessonID, out.Body.Position = q.ID, q.LessonID, q.Position
	for _, c := range q.Choices {
		out.Body.Choices = append(out.Body.Choices, c.ID)
	}
	return out, nil
}

func (h *Handler) apiDeleteQuestion(ctx context.Context, in *idIn) (*struct{}, error) {
	if err := h.svc.DeleteQuestion(ctx, accounts.ActorFrom(ctx), in.ID); err != nil {
		return nil, web.APIError(ctx, err)
	}
	return nil, nil
}

type exportOut struct {
	ContentDisposition string `header:"Content-Disposition"`
	Body               *Doc
}

func (h *Handler) apiExport(ctx context.Context, in *idIn) (*exportOut, error) {
	d, err := h.svc.Export(ctx, in.ID)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	return &exportOut{ContentDisposition: `attachment; filename="` + d.Course.Code + `.json"`, Body: d}, nil
}

type importIn struct {
	RawBody []byte
}

type importOut struct {
	Status int
	Body   CourseOut
}

func (h *Handler) apiImport(ctx context.Context, in *importIn) (*importOut, error) {
	c, created, err := h.svc.Import(ctx, accounts.ActorFrom(ctx), in.RawBody)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	full, err := h.svc.Course(ctx, c.ID)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	return &importOut{Status: status, Body: CourseOutFor(full, full.DefaultLocale)}, nil
}
