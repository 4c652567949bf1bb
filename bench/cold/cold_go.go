// cold_go.go ENDPOINT TABLE PK SK: a cold start of the AWS SDK for Go v2
// (load the configuration, make a client, first GetItem, exit).
// bench/driver.py times it.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

func main() {
	if len(os.Args) != 5 {
		fmt.Fprintln(os.Stderr, "usage: cold-go ENDPOINT TABLE PK SK")
		os.Exit(2)
	}
	ctx := context.Background()
	cfg, err := config.LoadDefaultConfig(ctx, config.WithRegion("us-east-1"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "cold-go:", err)
		os.Exit(1)
	}
	client := dynamodb.NewFromConfig(cfg, func(o *dynamodb.Options) {
		o.EndpointResolver = dynamodb.EndpointResolverFromURL(os.Args[1])
	})
	out, err := client.GetItem(ctx, &dynamodb.GetItemInput{
		TableName: aws.String(os.Args[2]),
		Key: map[string]types.AttributeValue{
			"pk": &types.AttributeValueMemberS{Value: os.Args[3]},
			"sk": &types.AttributeValueMemberS{Value: os.Args[4]},
		},
	})
	if err != nil || out.Item == nil {
		fmt.Fprintln(os.Stderr, "cold-go: no item", err)
		os.Exit(1)
	}
}
