package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
)

// measureBare starts the yardstick of issue 13 in this process, a bare gin
// handler (gin.New, no middleware) answering GET /bare with the catalogue's
// first item, and loads it as the runs before loaded Baeum.
func measureBare(ctx context.Context, c config, item json.RawMessage) (result, error) {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	var body any
	if err := json.Unmarshal(item, &body); err != nil {
		return result{}, fmt.Errorf("bare: %w", err)
	}
	r.GET("/bare", func(c *gin.Context) { c.JSON(http.StatusOK, body) })
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", "127.0.0.1:0")
	if err != nil {
		return result{}, fmt.Errorf("bare: %w", err)
	}
	srv := &http.Server{Handler: r, ReadHeaderTimeout: 5 * time.Second}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	defer func() {
		_ = srv.Close()
		if err := <-done; err != nil && !errors.Is(err, http.ErrServerClosed) {
			fmt.Println("bare:", err)
		}
	}()

	u := "http://" + ln.Addr().String() + "/bare"
	client := newClient(c.Clients, c.Timeout) // its own pool, as fresh as Baeum's
	next := func(*rand.Rand) (int, *http.Request, error) {
		req, err := get(u, "", "")
		return 0, req, err
	}
	return warmAndMeasure(ctx, client, c, "bare gin", []string{"GET /bare"}, next)
}
