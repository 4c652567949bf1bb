// peer_go.go: the AWS SDK for Go v2 peer of the Dynantic benchmarks
//
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// Built by bench/run.sh with Debian's golang-go and golang-github-aws-aws-sdk-go-v2-dev:
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go build -o peer-go bench/go/peer_go.go
//
// Workloads: get, put, query_100, iterate_10k (QueryPaginator), async_32 (32
// goroutines sharing one client, each doing GetItem). The same measuring rules
// as bench/benchlib.py and bench/bench-util.c; see bench/README.md.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

type spec struct {
	Table      string                 `json:"table"`
	ScanTable  string                 `json:"scan_table"`
	SortKey    string                 `json:"sort_key"`
	Partitions map[string]string      `json:"partitions"`
	Sizes      map[string]int         `json:"sizes"`
	Item       map[string]interface{} `json:"item"`
}

type plan struct {
	count, warmup int
	seconds       float64
}

type result map[string]interface{}

// run performs up to n operations, stopping once the deadline passes, and
// returns how many it did.
type runFunc func(n int, deadline time.Time) (int, error)

type peer struct {
	ctx    context.Context
	client *dynamodb.Client
	table  string
	spec   spec
}

// ---------------------------------------------------------------- measuring

func cpuSeconds() float64 {
	var usage syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &usage)
	return float64(usage.Utime.Sec+usage.Stime.Sec) + float64(usage.Utime.Usec+usage.Stime.Usec)/1e6
}

func measure(run runFunc, p plan) (result, error) {
	if _, err := run(p.warmup, time.Now().Add(24*time.Hour)); err != nil {
		return nil, err
	}
	cpu0 := cpuSeconds()
	t0 := time.Now()
	done, err := run(p.count, t0.Add(time.Duration(p.seconds*float64(time.Second))))
	wall := time.Since(t0).Seconds()
	cpu := cpuSeconds() - cpu0
	if err != nil {
		return nil, err
	}
	return result{
		"ops":       done,
		"wall_s":    wall,
		"cpu_us":    cpu * 1e6 / float64(done),
		"ops_per_s": float64(done) / wall,
	}, nil
}

func sequential(op func() error) runFunc {
	return func(n int, deadline time.Time) (int, error) {
		done := 0
		for done < n {
			if err := op(); err != nil {
				return done, err
			}
			done++
			if !time.Now().Before(deadline) {
				break
			}
		}
		return done, nil
	}
}

// ---------------------------------------------------------------- DynamoDB JSON <-> types.AttributeValue

func toAttributeValue(value interface{}) (types.AttributeValue, error) {
	m, ok := value.(map[string]interface{})
	if !ok || len(m) != 1 {
		return nil, errors.New("an attribute value is an object with one member")
	}
	for kind, inner := range m {
		switch kind {
		case "S":
			return &types.AttributeValueMemberS{Value: inner.(string)}, nil
		case "N":
			return &types.AttributeValueMemberN{Value: inner.(string)}, nil
		case "BOOL":
			return &types.AttributeValueMemberBOOL{Value: inner.(bool)}, nil
		case "NULL":
			return &types.AttributeValueMemberNULL{Value: inner.(bool)}, nil
		case "SS", "NS":
			var list []string
			for _, s := range inner.([]interface{}) {
				list = append(list, s.(string))
			}
			if kind == "SS" {
				return &types.AttributeValueMemberSS{Value: list}, nil
			}
			return &types.AttributeValueMemberNS{Value: list}, nil
		case "L":
			var list []types.AttributeValue
			for _, v := range inner.([]interface{}) {
				av, err := toAttributeValue(v)
				if err != nil {
					return nil, err
				}
				list = append(list, av)
			}
			return &types.AttributeValueMemberL{Value: list}, nil
		case "M":
			item, err := toItem(inner.(map[string]interface{}))
			if err != nil {
				return nil, err
			}
			return &types.AttributeValueMemberM{Value: item}, nil
		}
		return nil, fmt.Errorf("attribute type %s is not used by the benchmarks", kind)
	}
	return nil, nil
}

func toItem(m map[string]interface{}) (map[string]types.AttributeValue, error) {
	item := make(map[string]types.AttributeValue, len(m))
	for name, value := range m {
		av, err := toAttributeValue(value)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		item[name] = av
	}
	return item, nil
}

func fromAttributeValue(av types.AttributeValue) interface{} {
	switch v := av.(type) {
	case *types.AttributeValueMemberS:
		return map[string]interface{}{"S": v.Value}
	case *types.AttributeValueMemberN:
		return map[string]interface{}{"N": v.Value}
	case *types.AttributeValueMemberBOOL:
		return map[string]interface{}{"BOOL": v.Value}
	case *types.AttributeValueMemberNULL:
		return map[string]interface{}{"NULL": v.Value}
	case *types.AttributeValueMemberSS:
		return map[string]interface{}{"SS": v.Value}
	case *types.AttributeValueMemberNS:
		return map[string]interface{}{"NS": v.Value}
	case *types.AttributeValueMemberB:
		return map[string]interface{}{"B": v.Value}
	case *types.AttributeValueMemberBS:
		return map[string]interface{}{"BS": v.Value}
	case *types.AttributeValueMemberL:
		list := make([]interface{}, 0, len(v.Value))
		for _, e := range v.Value {
			list = append(list, fromAttributeValue(e))
		}
		return map[string]interface{}{"L": list}
	case *types.AttributeValueMemberM:
		return map[string]interface{}{"M": fromItem(v.Value)}
	}
	return nil
}

func fromItem(item map[string]types.AttributeValue) map[string]interface{} {
	m := make(map[string]interface{}, len(item))
	for name, av := range item {
		m[name] = fromAttributeValue(av)
	}
	return m
}

// ---------------------------------------------------------------- requests

func (p *peer) key(pk string) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{
		"pk": &types.AttributeValueMemberS{Value: pk},
		"sk": &types.AttributeValueMemberS{Value: p.spec.SortKey},
	}
}

func (p *peer) item(pk string) (map[string]types.AttributeValue, error) {
	item, err := toItem(p.spec.Item)
	if err != nil {
		return nil, err
	}
	for name, av := range p.key(pk) {
		item[name] = av
	}
	return item, nil
}

func (p *peer) get(key map[string]types.AttributeValue) (map[string]types.AttributeValue, error) {
	out, err := p.client.GetItem(p.ctx, &dynamodb.GetItemInput{TableName: aws.String(p.table), Key: key})
	if err != nil {
		return nil, err
	}
	return out.Item, nil
}

func (p *peer) put(item map[string]types.AttributeValue) error {
	_, err := p.client.PutItem(p.ctx, &dynamodb.PutItemInput{TableName: aws.String(p.table), Item: item})
	return err
}

func (p *peer) queryInput(pk string) *dynamodb.QueryInput {
	return &dynamodb.QueryInput{
		TableName:                 aws.String(p.table),
		KeyConditionExpression:    aws.String("pk = :p"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":p": &types.AttributeValueMemberS{Value: pk}},
	}
}

// ---------------------------------------------------------------- workloads

func (p *peer) workloadGet(pl plan) (result, error) {
	key := p.key(p.spec.Partitions["get"])
	return measure(sequential(func() error {
		item, err := p.get(key)
		if err == nil && item == nil {
			err = errors.New("GetItem found no item")
		}
		return err
	}), pl)
}

func (p *peer) workloadPut(pl plan) (result, error) {
	item, err := p.item(p.spec.Partitions["put"] + "#go")
	if err != nil {
		return nil, err
	}
	return measure(sequential(func() error { return p.put(item) }), pl)
}

// counted measures op (which returns the items it saw) and reports the
// fewest items any operation saw.
func counted(op func() (int, error), pl plan) (result, error) {
	fewest := -1
	r, err := measure(sequential(func() error {
		n, err := op()
		if fewest < 0 || n < fewest {
			fewest = n
		}
		return err
	}), pl)
	if r != nil {
		r["items"] = fewest
	}
	return r, err
}

func (p *peer) workloadQuery100(pl plan) (result, error) {
	input := p.queryInput(p.spec.Partitions["query_100"])
	return counted(func() (int, error) {
		out, err := p.client.Query(p.ctx, input)
		if err != nil {
			return 0, err
		}
		return len(out.Items), nil
	}, pl)
}

func (p *peer) workloadIterate10k(pl plan) (result, error) {
	pk := p.spec.Partitions["iterate_10k"]
	return counted(func() (int, error) {
		paginator := dynamodb.NewQueryPaginator(p.client, p.queryInput(pk))
		n := 0
		for paginator.HasMorePages() {
			page, err := paginator.NextPage(p.ctx)
			if err != nil {
				return n, err
			}
			n += len(page.Items)
		}
		return n, nil
	}, pl)
}

func (p *peer) workloadAsync32(pl plan) (result, error) {
	key := p.key(p.spec.Partitions["get"])
	r, err := measure(func(n int, deadline time.Time) (int, error) {
		var started, done int64
		var firstErr error
		var once sync.Once
		var wg sync.WaitGroup
		for g := 0; g < 32; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for atomic.AddInt64(&started, 1) <= int64(n) && time.Now().Before(deadline) {
					if _, err := p.get(key); err != nil {
						once.Do(func() { firstErr = err })
						return
					}
					atomic.AddInt64(&done, 1)
				}
			}()
		}
		wg.Wait()
		return int(done), firstErr
	}, pl)
	if r != nil {
		r["in_flight"] = 32
	}
	return r, err
}

func (p *peer) workloads() map[string]func(plan) (result, error) {
	return map[string]func(plan) (result, error){
		"get":         p.workloadGet,
		"put":         p.workloadPut,
		"query_100":   p.workloadQuery100,
		"iterate_10k": p.workloadIterate10k,
		"async_32":    p.workloadAsync32,
	}
}

// ---------------------------------------------------------------- main

func emit(v interface{}) {
	text, err := json.Marshal(v)
	if err != nil {
		fail(err)
	}
	fmt.Println(string(text))
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "go: %v\n", err)
	os.Exit(1)
}

func newClient(endpoint, region string) *dynamodb.Client {
	key, secret := os.Getenv("AWS_ACCESS_KEY_ID"), os.Getenv("AWS_SECRET_ACCESS_KEY")
	if key == "" {
		key, secret = "DynanticBenchKey", "DynanticBenchSecret"
	}
	// The SDK's default transport keeps only 10 idle connections per host;
	// 64, as Dynantic's and the floor's sessions, so 32 goroutines reuse theirs.
	httpClient := awshttp.NewBuildableClient().WithTransportOptions(func(t *http.Transport) {
		t.MaxIdleConnsPerHost = 64
		t.MaxIdleConns = 256
	})
	cfg := aws.Config{
		Region:      region,
		Credentials: aws.NewCredentialsCache(credentials.NewStaticCredentialsProvider(key, secret, "")),
		HTTPClient:  httpClient,
		Retryer:     retryClosedConnections,
	}
	return dynamodb.NewFromConfig(cfg, func(o *dynamodb.Options) {
		o.EndpointResolver = dynamodb.EndpointResolverFromURL(endpoint)
	})
}

// The standard retryer, also retrying a read on a connection net/http closed
// under it ("use of closed network connection" while decoding a 200 response,
// aws-sdk-go-v2 issues #1825 and #2737). Newer SDKs retry it by default
// (aws-sdk-go-v2 #2949); Debian's 1.17.1 does not, and stops the run with it.
func retryClosedConnections() aws.Retryer {
	return retry.NewStandard(func(o *retry.StandardOptions) {
		o.Retryables = append(o.Retryables, retry.IsErrorRetryableFunc(func(err error) aws.Ternary {
			if errors.Is(err, net.ErrClosed) {
				return aws.TrueTernary
			}
			return aws.UnknownTernary
		}))
	})
}

func loadSpec(path string) spec {
	data, err := os.ReadFile(path)
	if err != nil {
		fail(err)
	}
	var s spec
	if err := json.Unmarshal(data, &s); err != nil {
		fail(fmt.Errorf("%s: %w", path, err))
	}
	return s
}

func runWorkloads(p *peer, list string, defaultCount int, seconds float64) {
	results := map[string]interface{}{}
	for _, part := range strings.Split(list, ",") {
		if part == "" {
			continue
		}
		name, countText, _ := strings.Cut(part, "=")
		count := defaultCount
		if countText != "" {
			count, _ = strconv.Atoi(countText)
		}
		if count < 1 {
			count = 1
		}
		workload, ok := p.workloads()[name]
		if !ok {
			results[name] = nil
			continue
		}
		warmup := count / 10
		if warmup < 1 {
			warmup = 1
		}
		r, err := workload(plan{count: count, warmup: warmup, seconds: seconds})
		if err != nil {
			fail(fmt.Errorf("%s: %w", name, err))
		}
		results[name] = r
	}
	emit(map[string]interface{}{"peer": "go", "results": results})
}

func runCheck(p *peer, write, read string) {
	report := map[string]interface{}{"wrote": nil}
	if write != "" {
		item, err := p.item(write)
		if err == nil {
			err = p.put(item)
		}
		if err != nil {
			fail(err)
		}
		report["wrote"] = write
	}
	items := map[string]interface{}{}
	for _, pk := range strings.Split(read, ",") {
		if pk == "" {
			continue
		}
		item, err := p.get(p.key(pk))
		if err != nil {
			fail(err)
		}
		if item == nil {
			items[pk] = nil
		} else {
			items[pk] = fromItem(item)
		}
	}
	report["read"] = items
	emit(map[string]interface{}{"peer": "go", "check": report})
}

func main() {
	endpoint := flag.String("endpoint", "", "DynamoDB endpoint (loopback only)")
	region := flag.String("region", "us-east-1", "region to sign for")
	table := flag.String("table", "", "table (default: from --item)")
	flag.String("scan-table", "", "table of the scan workload (unused)")
	itemPath := flag.String("item", "", "bench/item.json")
	ops := flag.Int("ops", 1000, "count for workloads given without one")
	seconds := flag.Float64("seconds", 10, "time bound of each measured loop")
	workloads := flag.String("workloads", "", "NAME[=COUNT],... to run")
	checkWrite := flag.String("check-write", "", "check mode: write the item under PK")
	checkRead := flag.String("check-read", "", "check mode: read these items back")
	list := flag.Bool("list", false, "print the workloads this program can run")
	flag.Parse()

	if *endpoint == "" || *itemPath == "" {
		fail(errors.New("--endpoint and --item are required"))
	}
	if !strings.HasPrefix(*endpoint, "http://127.") && !strings.HasPrefix(*endpoint, "http://localhost") &&
		!strings.HasPrefix(*endpoint, "http://[::1]") {
		fail(errors.New("the benchmarks only talk to a server on this machine (http://127.x.x.x)"))
	}
	p := &peer{ctx: context.Background(), client: newClient(*endpoint, *region), spec: loadSpec(*itemPath)}
	p.table = p.spec.Table
	if *table != "" {
		p.table = *table
	}

	switch {
	case *list:
		var names []string
		for name := range p.workloads() {
			names = append(names, name)
		}
		sort.Strings(names)
		emit(map[string]interface{}{"peer": "go", "available": append(names, "check")})
	case *checkWrite != "" || *checkRead != "":
		runCheck(p, *checkWrite, *checkRead)
	default:
		runWorkloads(p, *workloads, *ops, *seconds)
	}
}
