// Command quarry runs Microsoft Sentinel and Defender detections, written in
// KQL, over Windows event logs and Defender exports on the local machine.
package main

import (
	"os"

	"github.com/quarry-kql/quarry/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], cli.Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}))
}
