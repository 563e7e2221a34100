package demo

import (
	"archive/zip"
	"bytes"
	"context"
	"embed"
	"fmt"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/courses"
	"github.com/baeum-lms/baeum/packages"
)

//go:embed elearning
var elearningFiles embed.FS

// ElearningCourse is the code of the demo course of e-learning packages.
const ElearningCourse = "SMU-E02"

// demoZip zips files of the elearning folder with a manifest.
func demoZip(manifestName, manifest string, names ...string) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create(manifestName)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write([]byte(manifest)); err != nil {
		return nil, err
	}
	for _, n := range names {
		data, err := elearningFiles.ReadFile("elearning/" + n)
		if err != nil {
			return nil, err
		}
		w, err := zw.Create(n)
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(data); err != nil {
			return nil, err
		}
	}
	err = zw.Close()
	return buf.Bytes(), err
}

const spiritsManifest = `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="BAEUM-DEMO-SPIRITS" version="1.0" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="ORG"><organization identifier="ORG"><title>The three spirits of Saemaul Undong</title>
    <item identifier="SPIRITS" identifierref="R1"><title>The three spirits</title><adlcp:masteryscore>80</adlcp:masteryscore></item>
  </organization></organizations>
  <resources><resource identifier="R1" type="webcontent" adlcp:scormtype="sco" href="spirits.html"><file href="spirits.html"/><file href="spirits.js"/></resource></resources>
</manifest>`

const villageManifest = `<?xml version="1.0" encoding="utf-8"?>
<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">
  <course id="https://baeum.example.org/demo/cmi5/pilot-village">
    <title><langstring lang="en-US">Planning a pilot village</langstring><langstring lang="ko-KR">시범마을 계획하기</langstring></title>
    <description><langstring lang="en-US">A cmi5 activity</langstring></description>
  </course>
  <au id="https://baeum.example.org/demo/cmi5/pilot-village/first-step" moveOn="CompletedAndPassed" masteryScore="0.5">
    <title><langstring lang="en-US">The first step</langstring><langstring lang="ko-KR">첫걸음</langstring></title>
    <description><langstring lang="en-US">What a pilot village does first</langstring></description>
    <url>village.html</url>
  </au>
</courseStructure>`

// SeedPackages makes the demo course of e-learning packages, once: a
// SCORM 1.2 lesson and a cmi5 lesson, uploaded as a coordinator would,
// published and open to self-enrolment.
func SeedPackages(ctx context.Context, acc *accounts.Service, crs *courses.Service, pkgs *packages.Service) error {
	id, err := crs.CourseIDByCode(ctx, ElearningCourse)
	if err != nil || id != 0 {
		return err
	}
	coord, err := acc.UserByEmail(ctx, "coordinator@example.org")
	if err != nil {
		return fmt.Errorf("demo: packages need the demo coordinator: %w", err)
	}
	actor := accounts.Actor{UserID: coord.ID}
	progs, err := crs.Programmes(ctx)
	if err != nil || len(progs) == 0 {
		return fmt.Errorf("demo: packages need the demo programmes: %w", err)
	}
	c, err := crs.CreateCourse(ctx, actor, courses.CourseInput{ProgrammeID: progs[0].ID, Code: ElearningCourse, Delivery: courses.Online,
		DurationHours: 1, DefaultLocale: "en", PassMark: 60, SelfEnrol: true, Title: "Saemaul Undong e-learning (SCORM and cmi5)",
		Summary: "Two short e-learning packages as authoring tools make them: a SCORM 1.2 module and a cmi5 activity."})
	if err != nil {
		return fmt.Errorf("demo: e-learning course: %w", err)
	}
	m, err := crs.AddModule(ctx, actor, c.ID, "E-learning")
	if err != nil {
		return err
	}
	spirits, err := demoZip("imsmanifest.xml", spiritsManifest, "spirits.html", "spirits.js")
	if err != nil {
		return err
	}
	village, err := demoZip("cmi5.xml", villageManifest, "village.html", "village.js")
	if err != nil {
		return err
	}
	ko := map[string]string{
		fmt.Sprintf("%s.%d.title", courses.OwnerCourse, c.ID):   "새마을운동 이러닝 (SCORM·cmi5)",
		fmt.Sprintf("%s.%d.summary", courses.OwnerCourse, c.ID): "저작 도구로 만든 짧은 이러닝 패키지 두 개: SCORM 1.2 모듈과 cmi5 활동.",
		fmt.Sprintf("%s.%d.title", courses.OwnerModule, m.ID):   "이러닝",
	}
	for _, p := range []struct {
		title, ko, file string
		zip             []byte
	}{{"The three spirits (SCORM 1.2)", "새마을운동의 세 가지 정신 (SCORM 1.2)", "three-spirits-scorm12.zip", spirits},
		{"Planning a pilot village (cmi5)", "시범마을 계획하기 (cmi5)", "pilot-village-cmi5.zip", village}} {
		l, err := crs.AddLesson(ctx, actor, m.ID, courses.LessonInput{Kind: courses.KindPackage, Title: p.title, Required: true})
		if err != nil {
			return err
		}
		ko[fmt.Sprintf("%s.%d.title", courses.OwnerLesson, l.ID)] = p.ko
		if _, err := pkgs.Upload(ctx, actor, coord, l.ID, p.file, bytes.NewReader(p.zip), int64(len(p.zip))); err != nil {
			return fmt.Errorf("demo: upload %s: %w", p.file, err)
		}
	}
	if err := crs.SaveTexts(ctx, actor, c.ID, "ko", ko); err != nil {
		return err
	}
	_, err = crs.SetStatus(ctx, actor, c.ID, courses.Published)
	return err
}
