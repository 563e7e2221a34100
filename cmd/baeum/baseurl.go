package main

import (
	"fmt"
	"net"
	"net/url"
	"strings"
)

// baseURLFor is the public URL that a server listening on addr has when
// nobody says otherwise: http, the host of addr (localhost when addr names
// none or a wildcard, :8080 or 0.0.0.0:8080, as a browser on the same machine
// reaches it) and its port (none for 80). Links in mail, QR codes and Open
// Badges ids are made from it, so it must be an address that answers.
func baseURLFor(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		host, port = addr, "" // not host:port; validate and Listen will say so
	}
	if wildcardHost(host) {
		host = "localhost"
	}
	if port == "80" {
		port = ""
	}
	hostport := host
	switch {
	case port != "":
		hostport = net.JoinHostPort(host, port)
	case strings.Contains(host, ":"):
		hostport = "[" + host + "]"
	}
	return "http://" + hostport
}

func wildcardHost(host string) bool {
	if host == "" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsUnspecified()
}

func loopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// baseURLMismatch explains why an explicitly given base URL cannot be how
// people reach a server listening on listen (host:port, the port as bound),
// or returns "". Only a base URL that names this machine directly (localhost
// or an IP address) is compared: a name like https://lms.example.org is the
// usual proxy in front, whose port and host differ from --addr on purpose.
func baseURLMismatch(baseURL, listen string) string {
	u, err := url.Parse(baseURL)
	if err != nil {
		return ""
	}
	bHost := u.Hostname()
	if !loopbackHost(bHost) && net.ParseIP(bHost) == nil {
		return ""
	}
	bPort := u.Port()
	if bPort == "" {
		bPort = map[string]string{"http": "80", "https": "443"}[u.Scheme]
	}
	lHost, lPort, err := net.SplitHostPort(listen)
	if err != nil {
		return ""
	}
	if bPort != lPort {
		return fmt.Sprintf("--base-url %s names port %s, but the server listens on %s", baseURL, bPort, listen)
	}
	sameHost := wildcardHost(lHost) || strings.EqualFold(bHost, lHost) || (loopbackHost(bHost) && loopbackHost(lHost))
	if !sameHost {
		return fmt.Sprintf("--base-url %s names host %s, but the server listens on %s only", baseURL, bHost, listen)
	}
	return ""
}
