package files

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// xmlStreamBytes is the unpacked size from which excelize keeps a sheet or
// the shared strings in a temporary file and streams it, instead of in
// memory.
const xmlStreamBytes = 4 << 20

// Workbook is an XLSX file opened within limits. Close it: that removes
// every temporary file excelize made for it.
type Workbook struct {
	*excelize.File
	zip *zip.Reader
	tmp string
}

// OpenXLSX opens an XLSX workbook after CheckZip has held it to lim, with
// excelize's own unpacking limits set to the same and its temporary files
// in a folder of its own, which Close removes whatever excelize left in it
// (excelize forgets its files when opening fails half-way). Anything that
// is not a readable workbook is ErrMismatch.
func OpenXLSX(data []byte, lim ZipLimits) (*Workbook, error) {
	zr, err := CheckZip(bytes.NewReader(data), int64(len(data)), lim)
	if err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp("", "baeum-xlsx-")
	if err != nil {
		return nil, fmt.Errorf("files: temporary folder for a workbook: %w", err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit: lim.TotalBytes, UnzipXMLSizeLimit: min(xmlStreamBytes, lim.TotalBytes), TmpDir: tmp})
	if err != nil {
		if f != nil {
			_ = f.Close()
		}
		_ = os.RemoveAll(tmp)
		return nil, ErrMismatch
	}
	return &Workbook{File: f, zip: zr, tmp: tmp}, nil
}

// Close closes the workbook and removes its temporary files.
func (w *Workbook) Close() error {
	err := w.File.Close()
	if rmErr := os.RemoveAll(w.tmp); rmErr != nil {
		err = errors.Join(err, fmt.Errorf("files: remove %s: %w", w.tmp, rmErr))
	}
	return err
}

// FormulaCells lists the cells of the workbook's first sheet that hold a
// formula, as (row, column) from 1, reading the sheet's XML as a stream.
// excelize's row iterator gives the cached values only, and its formula
// getters load the whole sheet into memory.
func (w *Workbook) FormulaCells(ctx context.Context) ([][2]int, error) {
	name, err := w.firstSheetPart()
	if err != nil {
		return nil, err
	}
	rc, err := w.open(name)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	dec := xml.NewDecoder(rc)
	var out [][2]int
	row, col := 0, 0
	inData := false
	for n := 0; ; n++ {
		if n%4096 == 0 && ctx.Err() != nil {
			return nil, fmt.Errorf("files: read sheet %s: %w", name, ctx.Err())
		}
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) && !inData {
			return out, nil // a sheet without data
		}
		if err != nil {
			return nil, ErrMismatch
		}
		if end, ok := tok.(xml.EndElement); ok && end.Name.Local == "sheetData" {
			return out, nil // formulas further on (data validation, …) belong to no cell
		}
		el, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch {
		case el.Name.Local == "sheetData":
			inData = true
		case !inData:
		case el.Name.Local == "row":
			row, col = row+1, 0
			if r := attr(el, "r"); r != "" {
				if row, err = strconv.Atoi(r); err != nil {
					return nil, ErrMismatch
				}
			}
		case el.Name.Local == "c":
			col++
			if ref := attr(el, "r"); ref != "" {
				if col, row, err = excelize.CellNameToCoordinates(ref); err != nil {
					return nil, ErrMismatch
				}
			}
		case el.Name.Local == "f":
			out = append(out, [2]int{row, col})
		}
	}
}

// firstSheetPart finds the XML part of the first sheet the way excelize
// does: the package's officeDocument relationship names the workbook, the
// workbook's first <sheet> its relationship id, the workbook's
// relationships the part.
func (w *Workbook) firstSheetPart() (string, error) {
	type rels struct {
		Rel []struct {
			ID     string `xml:"Id,attr"`
			Type   string `xml:"Type,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	var pkg rels
	if err := w.decode("_rels/.rels", &pkg); err != nil {
		return "", err
	}
	book := "xl/workbook.xml"
	for _, r := range pkg.Rel {
		if strings.HasSuffix(r.Type, "/officeDocument") {
			book = strings.TrimPrefix(r.Target, "/")
		}
	}
	var wb struct {
		Sheets []struct {
			Attrs []xml.Attr `xml:",any,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := w.decode(book, &wb); err != nil || len(wb.Sheets) == 0 {
		return "", ErrMismatch
	}
	id := ""
	for _, a := range wb.Sheets[0].Attrs {
		if a.Name.Local == "id" && a.Name.Space != "" { // r:id, not sheetId
			id = a.Value
		}
	}
	var bookRels rels
	if err := w.decode(path.Join(path.Dir(book), "_rels", path.Base(book)+".rels"), &bookRels); err != nil {
		return "", err
	}
	for _, r := range bookRels.Rel {
		if r.ID == id {
			if strings.HasPrefix(r.Target, "/") {
				return strings.TrimPrefix(path.Clean(r.Target), "/"), nil
			}
			return path.Join(path.Dir(book), r.Target), nil
		}
	}
	return "", ErrMismatch
}

func (w *Workbook) open(name string) (io.ReadCloser, error) {
	for _, f := range w.zip.File {
		if strings.EqualFold(strings.ReplaceAll(f.Name, `\`, "/"), name) {
			rc, err := f.Open()
			if err != nil {
				return nil, ErrMismatch
			}
			return rc, nil
		}
	}
	return nil, ErrMismatch
}

func (w *Workbook) decode(name string, v any) error {
	rc, err := w.open(name)
	if err != nil {
		return err
	}
	defer rc.Close()
	if err := xml.NewDecoder(rc).Decode(v); err != nil {
		return ErrMismatch
	}
	return nil
}

func attr(el xml.StartElement, name string) string {
	for _, a := range el.Attr {
		if a.Name.Local == name && a.Name.Space == "" {
			return a.Value
		}
	}
	return ""
}
