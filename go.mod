module github.com/quarry-kql/quarry

go 1.26
