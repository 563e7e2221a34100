package credentials

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestStatusListBitOrder(t *testing.T) {
	t.Parallel()
	tests := []struct {
		index int
		byte  int
		value byte
	}{
		{0, 0, 0x80}, // entry 0 is the left-most bit
		{1, 0, 0x40},
		{7, 0, 0x01},
		{8, 1, 0x80},
		{9, 1, 0x40},
		{MinStatusListLength - 1, MinStatusListLength/8 - 1, 0x01},
	}
	for _, tt := range tests {
		l, err := NewStatusList(MinStatusListLength)
		if err != nil {
			t.Fatal(err)
		}
		if err := l.Set(tt.index, true); err != nil {
			t.Fatal(err)
		}
		for i, b := range l.bits {
			want := byte(0)
			if i == tt.byte {
				want = tt.value
			}
			if b != want {
				t.Fatalf("Set(%d): byte %d = %#02x, want %#02x", tt.index, i, b, want)
			}
		}
		if got, err := l.Get(tt.index); err != nil || !got {
			t.Errorf("Get(%d) = %v, %v after Set", tt.index, got, err)
		}
		if err := l.Set(tt.index, false); err != nil {
			t.Fatal(err)
		}
		if got, _ := l.Get(tt.index); got {
			t.Errorf("Get(%d) = true after clearing", tt.index)
		}
	}
}

func TestStatusListBounds(t *testing.T) {
	t.Parallel()
	for _, n := range []int{0, 8, MinStatusListLength - 8, MinStatusListLength + 1, MaxStatusListBytes*8 + 8} {
		if _, err := NewStatusList(n); !errors.Is(err, ErrStatusList) {
			t.Errorf("NewStatusList(%d) = %v, want ErrStatusList", n, err)
		}
	}
	l, err := NewStatusList(MinStatusListLength)
	if err != nil {
		t.Fatal(err)
	}
	if l.Len() != MinStatusListLength {
		t.Errorf("Len = %d", l.Len())
	}
	for _, i := range []int{-1, MinStatusListLength} {
		if err := l.Set(i, true); !errors.Is(err, ErrStatusList) {
			t.Errorf("Set(%d) = %v", i, err)
		}
		if _, err := l.Get(i); !errors.Is(err, ErrStatusList) {
			t.Errorf("Get(%d) = %v", i, err)
		}
	}
}

func TestStatusListRoundTrip(t *testing.T) {
	t.Parallel()
	l, err := NewStatusList(2 * MinStatusListLength)
	if err != nil {
		t.Fatal(err)
	}
	set := []int{0, 3, 42, 1000, 131071, 131072, 2*MinStatusListLength - 1}
	for _, i := range set {
		if err := l.Set(i, true); err != nil {
			t.Fatal(err)
		}
	}
	enc, err := l.Encode()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(enc, "u") || strings.ContainsAny(enc, "=+/") {
		t.Errorf("Encode = %.40s…, want u + unpadded base64url", enc)
	}
	if len(enc) > 1000 {
		t.Errorf("a sparse list encodes to %d characters", len(enc))
	}
	back, err := DecodeStatusList(enc)
	if err != nil {
		t.Fatal(err)
	}
	if back.Len() != l.Len() || !bytes.Equal(back.bits, l.bits) {
		t.Fatalf("decoded list differs (%d entries, want %d)", back.Len(), l.Len())
	}
	for _, i := range set {
		if got, _ := back.Get(i); !got {
			t.Errorf("entry %d lost", i)
		}
	}
	if got, _ := back.Get(41); got {
		t.Error("entry 41 set by the round trip")
	}
}

func gzipped(t testing.TB, data []byte) string {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return base64.RawURLEncoding.EncodeToString(buf.Bytes())
}

func TestDecodeStatusListRejects(t *testing.T) {
	t.Parallel()
	full := gzipped(t, make([]byte, MinStatusListLength/8))
	bomb := gzipped(t, make([]byte, 64<<20)) // 64 MiB of zeros in ~65 KB
	tests := []struct{ name, encoded string }{
		{"empty", ""},
		{"no prefix", full},
		{"base58 prefix", "z" + full},
		{"not base64url", "u" + "!!!!"},
		{"not gzip", "u" + base64.RawURLEncoding.EncodeToString([]byte("plain bytes, not gzip"))},
		{"truncated gzip", "u" + full[:len(full)/2]},
		{"too short", "u" + gzipped(t, make([]byte, MinStatusListLength/8-1))},
		{"gzip bomb", "u" + bomb},
		{"one byte over the limit", "u" + gzipped(t, make([]byte, MaxStatusListBytes+1))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if l, err := DecodeStatusList(tt.encoded); !errors.Is(err, ErrStatusList) {
				t.Errorf("DecodeStatusList = %v, %v; want ErrStatusList", l, err)
			}
		})
	}
	// Padding, which some encoders write, is accepted; so is the largest list allowed.
	for _, enc := range []string{"u" + full + "==", "u" + gzipped(t, make([]byte, MaxStatusListBytes))} {
		if _, err := DecodeStatusList(enc); err != nil {
			t.Errorf("DecodeStatusList(%.20s…) = %v", enc, err)
		}
	}
}

func FuzzDecodeStatusList(f *testing.F) {
	l, err := NewStatusList(MinStatusListLength)
	if err != nil {
		f.Fatal(err)
	}
	if err := l.Set(5, true); err != nil {
		f.Fatal(err)
	}
	enc, err := l.Encode()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(enc)
	f.Add("u")
	f.Add("uH4sIAAAAAAAA")
	f.Fuzz(func(t *testing.T, s string) {
		l, err := DecodeStatusList(s)
		if err != nil {
			return
		}
		if l.Len() < MinStatusListLength || l.Len() > MaxStatusListBytes*8 {
			t.Fatalf("decoded a list of %d entries", l.Len())
		}
		again, err := l.Encode()
		if err != nil {
			t.Fatal(err)
		}
		back, err := DecodeStatusList(again)
		if err != nil || !bytes.Equal(back.bits, l.bits) {
			t.Fatalf("re-encoded list does not decode the same: %v", err)
		}
	})
}

func TestStatusListCredential(t *testing.T) {
	t.Parallel()
	pub, priv := vectorKeys(t)
	l, err := NewStatusList(MinStatusListLength)
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Set(42, true); err != nil {
		t.Fatal(err)
	}
	const id = "https://baeum.example/status/1"
	doc, err := StatusListCredential(id, "https://baeum.example/issuer", time.Date(2026, 11, 20, 9, 0, 0, 5, time.UTC), StatusPurposeRevocation, l)
	if err != nil {
		t.Fatal(err)
	}
	subject := doc["credentialSubject"].(map[string]any)
	if doc["id"] != id || doc["issuer"] != "https://baeum.example/issuer" || doc["validFrom"] != "2026-11-20T09:00:00Z" ||
		subject["id"] != id+"#list" || subject["type"] != "BitstringStatusList" || subject["statusPurpose"] != StatusPurposeRevocation {
		t.Errorf("status list credential = %v", doc)
	}
	back, err := DecodeStatusList(subject["encodedList"].(string))
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := back.Get(42); !got {
		t.Error("encodedList lost entry 42")
	}
	nquads, err := Canonicalize(doc)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"<https://www.w3.org/ns/credentials/status#BitstringStatusListCredential>",
		"<https://www.w3.org/ns/credentials/status#encodedList>",
		"<https://www.w3.org/ns/credentials/status#statusPurpose> \"revocation\"",
	} {
		if !strings.Contains(nquads, want) {
			t.Errorf("N-Quads lack %s:\n%s", want, nquads)
		}
	}
	signed, err := Sign(doc, priv, vectorMethod, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := Verify(signed, resolverFor(vectorMethod, pub)); err != nil {
		t.Fatal(err)
	}
}

func TestStatusEntry(t *testing.T) {
	t.Parallel()
	e := StatusEntry("https://baeum.example/status/1", 42, StatusPurposeRevocation)
	want := map[string]any{
		"id": "https://baeum.example/status/1#42", "type": "BitstringStatusListEntry", "statusPurpose": "revocation",
		"statusListIndex": "42", "statusListCredential": "https://baeum.example/status/1",
	}
	for k, v := range want {
		if e[k] != v {
			t.Errorf("StatusEntry[%s] = %v, want %v", k, e[k], v)
		}
	}
	if len(e) != len(want) {
		t.Errorf("StatusEntry = %v", e)
	}
}
