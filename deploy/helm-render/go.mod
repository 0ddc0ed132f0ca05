// Not built in module mode (nothing can be downloaded here): this file only lets GOPATH mode resolve
// the `/v3` import paths of Debian's sprig and semver ("minimal module compatibility"), which it does
// for a package that has a go.mod inside a GOPATH src folder. See main.go for the build command.
module helm-render

go 1.19
