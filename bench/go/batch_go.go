// batch_go.go: the AWS SDK for Go v2's batch write (BatchWriteItem, 25 items
// a request, UnprocessedItems sent again) and batch get (BatchGetItem, 100
// keys a request, UnprocessedKeys asked for again), measured as
// bench/batch_bench.c measures Dynantic's and bench/batch_boto3.py boto3's
//
//	batch-go ENDPOINT TABLE WRITE_COUNT GET_COUNT PREFIX
//
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// Built by bench/run.sh as it builds bench/go/peer_go.go, with
// Debian's golang-go and golang-github-aws-aws-sdk-go-v2-dev, offline:
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go build -o batch-go bench/go/batch_go.go
//
// The requests run one after the other, as boto3's do (the SDK has no batch
// helper, so this loop is what a Go program writes). The write requests and
// keys are made before the clock starts. Client CPU is user+sys of the whole
// process (getrusage RUSAGE_SELF, every goroutine and the garbage collector),
// also given as its user and system parts; with BENCH_SERVER_PID set
// (bench/driver.py sets it to DynamoDB Local's pid), the server's CPU per
// item too (utime+stime of /proc/PID/stat; null without it). Prints one
// JSON line.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

const (
	writeChunk = 25  // BatchWriteItem's limit
	getChunk   = 100 // BatchGetItem's limit
)

type figures struct {
	Items            int      `json:"items"`
	Seconds          float64  `json:"seconds"`
	ItemsPerS        float64  `json:"items_per_s"`
	CPUUsPerItem     float64  `json:"cpu_us_per_item"`
	CPUUserUsPerItem float64  `json:"cpu_user_us_per_item"`
	CPUSysUsPerItem  float64  `json:"cpu_sys_us_per_item"`
	ServerUsPerItem  *float64 `json:"server_cpu_us_per_item"`
}

// cpuSeconds gives the user and system CPU of the process so far.
func cpuSeconds() (float64, float64) {
	var usage syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &usage)
	return float64(usage.Utime.Sec) + float64(usage.Utime.Usec)/1e6,
		float64(usage.Stime.Sec) + float64(usage.Stime.Usec)/1e6
}

// userHZ is the unit of /proc/PID/stat's times: USER_HZ, 100 on every
// architecture Linux and Go's syscall package share.
const userHZ = 100

// serverCPUSeconds gives the server's CPU so far: utime + stime of every
// thread of the process BENCH_SERVER_PID names; ok is false without one.
func serverCPUSeconds() (seconds float64, ok bool) {
	pid := os.Getenv("BENCH_SERVER_PID")
	if pid == "" {
		return 0, false
	}
	stat, err := os.ReadFile("/proc/" + pid + "/stat")
	if err != nil {
		return 0, false
	}
	// The command name, in parentheses, may hold spaces: fields 3 on come
	// after the last ')'; utime and stime are fields 14 and 15.
	end := strings.LastIndexByte(string(stat), ')')
	if end < 0 {
		return 0, false
	}
	fields := strings.Fields(string(stat[end+1:]))
	if len(fields) < 13 {
		return 0, false
	}
	utime, err1 := strconv.ParseUint(fields[11], 10, 64)
	stime, err2 := strconv.ParseUint(fields[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, false
	}
	return float64(utime+stime) / userHZ, true
}

func round(x float64, digits int) float64 {
	scale := math.Pow(10, float64(digits))
	return math.Round(x*scale) / scale
}

// measure runs one batch call and gives its figures over items.
func measure(items int, call func() error) (figures, error) {
	server0, serverOK0 := serverCPUSeconds()
	t0 := time.Now()
	user0, sys0 := cpuSeconds()
	if err := call(); err != nil {
		return figures{}, err
	}
	user1, sys1 := cpuSeconds()
	wall := time.Since(t0).Seconds()
	server1, serverOK1 := serverCPUSeconds()
	user, sys, n := user1-user0, sys1-sys0, float64(items)
	f := figures{Items: items, Seconds: round(wall, 3), ItemsPerS: round(n/wall, 1),
		CPUUsPerItem: round((user+sys)*1e6/n, 2), CPUUserUsPerItem: round(user*1e6/n, 2),
		CPUSysUsPerItem: round(sys*1e6/n, 2)}
	if serverOK0 && serverOK1 {
		server := round((server1-server0)*1e6/n, 2)
		f.ServerUsPerItem = &server
	}
	return f, nil
}

// The item shape of bench/batch_bench.c and bench/batch_boto3.py.
func row(prefix string, i int) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{
		"id":     &types.AttributeValueMemberS{Value: fmt.Sprintf("%s-%06d", prefix, i)},
		"name":   &types.AttributeValueMemberS{Value: "a batch-written row of the benchmark"},
		"n":      &types.AttributeValueMemberN{Value: strconv.Itoa(i)},
		"score":  &types.AttributeValueMemberN{Value: strconv.FormatFloat(float64(i)*0.5, 'f', -1, 64)},
		"active": &types.AttributeValueMemberBOOL{Value: i%2 == 0},
	}
}

// batchWrite sends the requests 25 at a time, each chunk again with its
// UnprocessedItems until none is left.
func batchWrite(ctx context.Context, client *dynamodb.Client, table string, requests []types.WriteRequest) error {
	for start := 0; start < len(requests); start += writeChunk {
		end := start + writeChunk
		if end > len(requests) {
			end = len(requests)
		}
		pending := map[string][]types.WriteRequest{table: requests[start:end]}
		for len(pending) > 0 {
			out, err := client.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: pending})
			if err != nil {
				return err
			}
			pending = out.UnprocessedItems
		}
	}
	return nil
}

// batchGet asks for the keys 100 at a time, each chunk again for its
// UnprocessedKeys until none is left, and returns how many items came back.
func batchGet(ctx context.Context, client *dynamodb.Client, table string, keys []map[string]types.AttributeValue) (int, error) {
	found := 0
	for start := 0; start < len(keys); start += getChunk {
		end := start + getChunk
		if end > len(keys) {
			end = len(keys)
		}
		pending := map[string]types.KeysAndAttributes{table: {Keys: keys[start:end]}}
		for len(pending) > 0 {
			out, err := client.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{RequestItems: pending})
			if err != nil {
				return found, err
			}
			found += len(out.Responses[table])
			pending = out.UnprocessedKeys
		}
	}
	return found, nil
}

func newClient(endpoint, region string) *dynamodb.Client {
	key, secret := os.Getenv("AWS_ACCESS_KEY_ID"), os.Getenv("AWS_SECRET_ACCESS_KEY")
	if key == "" {
		key, secret = "DynanticBenchKey", "DynanticBenchSecret"
	}
	cfg := aws.Config{
		Region:      region,
		Credentials: aws.NewCredentialsCache(credentials.NewStaticCredentialsProvider(key, secret, "")),
		HTTPClient:  awshttp.NewBuildableClient(),
		Retryer:     retryClosedConnections,
	}
	return dynamodb.NewFromConfig(cfg, func(o *dynamodb.Options) {
		o.EndpointResolver = dynamodb.EndpointResolverFromURL(endpoint)
	})
}

// The standard retryer, also retrying a read on a connection net/http closed
// under it, as bench/go/peer_go.go's (Debian's SDK 1.17.1 does not).
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

func fail(err error) {
	fmt.Fprintf(os.Stderr, "batch-go: %v\n", err)
	os.Exit(1)
}

func main() {
	if len(os.Args) != 6 {
		fmt.Fprintln(os.Stderr, "usage: batch-go ENDPOINT TABLE WRITE_COUNT GET_COUNT PREFIX")
		os.Exit(2)
	}
	endpoint, table, prefix := os.Args[1], os.Args[2], os.Args[5]
	nWrite, err1 := strconv.Atoi(os.Args[3])
	nGet, err2 := strconv.Atoi(os.Args[4])
	if err1 != nil || err2 != nil || nWrite < 1 || nGet < 1 {
		fail(errors.New("WRITE_COUNT and GET_COUNT must be positive numbers"))
	}
	if nGet > nWrite {
		nGet = nWrite
	}
	if !strings.HasPrefix(endpoint, "http://127.") && !strings.HasPrefix(endpoint, "http://localhost") &&
		!strings.HasPrefix(endpoint, "http://[::1]") {
		fail(errors.New("the benchmarks only talk to a server on this machine (http://127.x.x.x)"))
	}
	region := os.Getenv("AWS_REGION")
	if region == "" {
		region = "us-east-1"
	}
	ctx := context.Background()
	client := newClient(endpoint, region)

	requests := make([]types.WriteRequest, nWrite)
	for i := range requests {
		requests[i] = types.WriteRequest{PutRequest: &types.PutRequest{Item: row(prefix, i)}}
	}
	keys := make([]map[string]types.AttributeValue, nGet)
	for i := range keys {
		id := fmt.Sprintf("%s-%06d", prefix, int(int64(i)*int64(nWrite)/int64(nGet)))
		keys[i] = map[string]types.AttributeValue{"id": &types.AttributeValueMemberS{Value: id}}
	}

	write, err := measure(nWrite, func() error { return batchWrite(ctx, client, table, requests) })
	if err != nil {
		fail(err)
	}
	found := 0
	get, err := measure(nGet, func() error {
		var err error
		found, err = batchGet(ctx, client, table, keys)
		return err
	})
	if err != nil {
		fail(err)
	}
	if found != nGet {
		fail(fmt.Errorf("%d of %d items read back", found, nGet))
	}
	line, _ := json.Marshal(map[string]figures{"batch_write": write, "batch_get": get})
	fmt.Println(string(line))
}
