package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"lvzhi/app"
	"lvzhi/corpus"
	"lvzhi/web"
)

func runServe(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "serve", "serve [--addr 127.0.0.1:8080] [--public]",
		"lvzhi serve",
		"lvzhi serve --addr 127.0.0.1:9000",
		"lvzhi serve --addr 0.0.0.0:8080 --public   （允许本机以外的电脑访问）")
	data := fs.dataFlag()
	addr := fs.String("addr", "127.0.0.1:8080", "监听地址（主机:端口）；默认只允许本机访问")
	public := fs.Bool("public", false, "允许监听本机以外的地址（局域网内的其他电脑可以访问，不需要登录）")
	timeout := fs.Duration("timeout", web.DefaultTimeout, "每个请求的最长处理时间，如 5s")
	rest, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return fs.usageErrorf("多余的参数: %s", rest[0])
	}
	loopback, err := loopbackAddr(*addr)
	if err != nil {
		return fs.usageErrorf("--addr %s: %v", *addr, err)
	}
	if !loopback && !*public {
		return fs.usageErrorf("--addr %s 不是本机地址：其他电脑将能访问全部报告。确需如此，请加 --public", *addr)
	}
	if !app.Exists(*data) {
		_, err := app.Open(ctx, *data, app.Options{}) // the read commands' message: no data directory here
		return err
	}

	// Own the data directory and serve its socket; when another lvzhi
	// process owns it, show what that one serves.
	var backend web.Backend
	var socket *web.Socket
	a, err := app.Open(ctx, *data, app.Options{Access: app.Write})
	switch {
	case err == nil:
		defer a.Close()
		backend = a
		if socket, err = web.ListenSocket(*data); err != nil {
			return err
		}
	case corpus.ErrorCode(err) == corpus.ELOCKED:
		c, derr := web.Dial(ctx, *data)
		if derr != nil {
			return err
		}
		defer c.Close()
		backend = c
		o := c.Owner()
		fmt.Fprintf(e.stderr, "数据目录 %s 由进程 %d（%s）持有，网页界面通过它读取\n", *data, o.PID, o.Command)
	default:
		return err
	}

	l, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("无法监听 %s: %w", *addr, err)
	}
	opt := web.Options{Timeout: *timeout, Log: e.log, Title: *data}
	if !*public {
		opt.Hosts = []string{"localhost", "127.0.0.1", "::1", "ip6-localhost"}
		if h, _, err := net.SplitHostPort(l.Addr().String()); err == nil {
			opt.Hosts = append(opt.Hosts, h)
		}
	}
	srv := &http.Server{
		Handler:           web.New(backend, opt),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      *timeout + 30*time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}

	sctx, stopSocket := context.WithCancel(context.Background())
	socketDone := make(chan error, 1)
	if socket != nil {
		go func() { socketDone <- socket.Serve(sctx, web.Owner(a)) }()
	} else {
		socketDone <- nil
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(l) }()
	fmt.Fprintf(e.stderr, "网页界面: http://%s/  （数据目录 %s；按 Ctrl-C 退出）\n", displayAddr(l.Addr()), *data)
	if socket != nil {
		fmt.Fprintf(e.stderr, "其他 lvzhi 命令经 %s 读写此数据目录\n", socket.Path())
	}

	var serveErr error
	select {
	case <-ctx.Done():
	case serveErr = <-served:
	}
	// Graceful: requests in flight get a few seconds, then the socket (an
	// ingest it runs is cancelled; what it committed stays).
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = srv.Shutdown(shutdown)
	stopSocket()
	if err := <-socketDone; err != nil && serveErr == nil {
		serveErr = err
	}
	if serveErr != nil && !errors.Is(serveErr, http.ErrServerClosed) {
		return serveErr
	}
	fmt.Fprintln(e.stderr, "网页界面已停止")
	return nil
}

// loopbackAddr reports whether addr (host:port) listens only on this
// machine: a loopback IP, or a name all of whose addresses are loopback.
// An empty host means every interface.
func loopbackAddr(addr string) (bool, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return false, fmt.Errorf("应为 主机:端口，如 127.0.0.1:8080")
	}
	if _, err := net.LookupPort("tcp", port); err != nil {
		return false, fmt.Errorf("端口“%s”无效", port)
	}
	if host == "" {
		return false, nil
	}
	if ip := net.ParseIP(host); ip != nil {
		return ip.IsLoopback(), nil
	}
	ips, err := net.LookupIP(host)
	if err != nil || len(ips) == 0 {
		return false, fmt.Errorf("无法解析主机名“%s”", host)
	}
	for _, ip := range ips {
		if !ip.IsLoopback() {
			return false, nil
		}
	}
	return true, nil
}

// displayAddr is an address as a browser's URL wants it.
func displayAddr(a net.Addr) string {
	host, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port)
}
