# Read every table of a Frictionless data package with readr, typed from its descriptor
# (as frictionless-r's field_to_col does): enumerations as factors with the declared
# levels, dates as Date, integers as integer, numbers as double, text as character.
# Then check each table against the same CSV read as plain text by base R: the row count,
# the columns, and every typed value. Exits non-zero on any failure.
#
#   Rscript tests/r/read_typed.R PACKAGE_DIR    (the folder holding datapackage.json)
suppressPackageStartupMessages({
  library(jsonlite)
  library(readr)
})

args <- commandArgs(trailingOnly = TRUE)
folder <- if (length(args) >= 1) args[[1]] else "."
package <- fromJSON(file.path(folder, "datapackage.json"), simplifyVector = FALSE)

failures <- character()
check <- function(ok, message) if (!isTRUE(ok)) failures <<- c(failures, message)

col_for <- function(field) {
  levels <- unlist(field$constraints$enum)
  if (!is.null(levels)) return(col_factor(levels = levels))
  switch(field$type,
    string = col_character(), integer = col_integer(), number = col_double(),
    boolean = col_logical(), date = col_date(format = "%Y-%m-%d"),
    stop("no readr type for Table Schema type ", field$type))
}

for (resource in package$resources) {
  path <- file.path(folder, resource$path)
  fields <- resource$schema$fields
  names <- vapply(fields, function(field) field$name, "")
  types <- do.call(cols, setNames(lapply(fields, col_for), names))
  # Only an empty cell is missing: "NA" in a quote is text.
  typed <- read_csv(path, col_types = types, na = "", progress = FALSE,
                    locale = locale(encoding = "UTF-8"))
  text <- utils::read.csv(path, colClasses = "character", na.strings = "", check.names = FALSE,
                          fileEncoding = "UTF-8", encoding = "UTF-8")
  where <- resource$name
  check(nrow(problems(typed)) == 0, paste(where, ": readr reported parse problems"))
  check(nrow(typed) == nrow(text), sprintf("%s: %d typed rows, %d in the CSV", where, nrow(typed), nrow(text)))
  check(identical(colnames(typed), names), paste(where, ": columns differ from the descriptor"))
  for (field in fields) {
    value <- typed[[field$name]]
    cell <- text[[field$name]]
    column <- paste0(where, ".", field$name)
    # A value readr could not parse would be NA where the CSV has text.
    check(identical(is.na(value), is.na(cell)), paste(column, ": missing cells differ from the CSV"))
    levels <- unlist(field$constraints$enum)
    if (!is.null(levels)) {
      check(is.factor(value) && identical(levels(value), levels), paste(column, ": not a factor with the declared levels"))
      check(identical(as.character(value), cell), paste(column, ": factor values differ from the CSV"))
    } else if (field$type == "date") {
      check(inherits(value, "Date"), paste(column, ": not a Date"))
      check(identical(format(value, "%Y-%m-%d"), cell), paste(column, ": dates differ from the CSV"))
    } else if (field$type == "integer") {
      check(is.integer(value), paste(column, ": not integer"))
      check(identical(as.character(value), cell), paste(column, ": integers differ from the CSV"))
    } else if (field$type == "number") {
      check(is.double(value), paste(column, ": not double"))
      check(isTRUE(all.equal(value, as.numeric(cell))), paste(column, ": numbers differ from the CSV"))
    } else if (field$type == "string") {
      check(is.character(value) && identical(value, cell), paste(column, ": text differs from the CSV"))
    }
  }
  cat(sprintf("%-12s %4d rows, %2d columns, typed from the descriptor\n", where, nrow(typed), ncol(typed)))
}

if (length(failures) > 0) {
  cat("FAILED:\n", paste(" ", failures, collapse = "\n"), "\n", file = stderr())
  quit(status = 1)
}
cat("every table read typed and matches its CSV\n")
