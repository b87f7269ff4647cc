import "os"
