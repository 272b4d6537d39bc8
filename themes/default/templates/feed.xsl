<?xml version="1.0" encoding="utf-8"?>
<!-- Shows an Atom feed of the site as a page when a browser opens it: what a
     feed is, its address to copy into a feed reader, and its entries as
     links with their dates. Rendered once per build with the site's base
     path and title (`feed`, escaped), published as /feed.xsl; each feed names
     it in an xml-stylesheet instruction (same origin, as browsers require). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:atom="http://www.w3.org/2005/Atom" exclude-result-prefixes="atom">
<xsl:output method="html" encoding="utf-8" doctype-system="about:legacy-compat" indent="no"/>

<xsl:template match="/atom:feed">
<html lang="{@xml:lang}">
<head>
<meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<meta name="robots" content="noindex"/>
<title><xsl:value-of select="atom:title"/> (news feed)</title>
<link rel="icon" href="{{ asset(path="favicon.svg") }}" type="image/svg+xml"/>
<link rel="stylesheet" href="{{ asset(path="css/nhsuk-frontend.min.css") }}"/>
<link rel="stylesheet" href="{{ asset(path="css/ccgpages.css") }}"/>
</head>
<body>
<a class="nhsuk-skip-link" href="#maincontent">Skip to main content</a>
<header class="nhsuk-header" role="banner">
  <div class="nhsuk-header__container nhsuk-width-container">
    <div class="nhsuk-header__service">
      <a class="nhsuk-header__service-logo" href="{{ url(page="home") }}"><span class="nhsuk-header__service-name">{{ feed.title | safe }}</span></a>
    </div>
  </div>
</header>
<div class="nhsuk-width-container">
<main class="nhsuk-main-wrapper" id="maincontent" role="main">
<h1 class="nhsuk-heading-xl"><span class="nhsuk-caption-l">News feed<span class="nhsuk-u-visually-hidden"> – </span></span><xsl:value-of select="atom:title"/></h1>
<div class="nhsuk-inset-text">
  <span class="nhsuk-u-visually-hidden">Information: </span>
  <p><strong>This is a feed.</strong> Copy its address into a feed reader to be told of new decisions and meetings:</p>
  <p><code class="ccg-address"><xsl:value-of select="atom:link[@rel='self']/@href"/></code></p>
  <p><a href="{{ url(page="subscribe") }}">How to follow a feed, and other feeds and calendars</a></p>
</div>
<p class="nhsuk-body"><a href="{atom:link[@rel='alternate']/@href}">See these decisions and meetings on the site</a></p>
<h2 class="nhsuk-heading-l">Latest entries</h2>
<xsl:choose>
  <xsl:when test="atom:entry">
    <ul class="nhsuk-list ccg-feed-entries">
      <xsl:for-each select="atom:entry">
        <li><a href="{atom:link[@rel='alternate']/@href}"><xsl:value-of select="atom:title"/></a><br/><span class="nhsuk-body-s"><time datetime="{substring(atom:updated, 1, 10)}"><xsl:call-template name="long-date"><xsl:with-param name="d" select="atom:updated"/></xsl:call-template></time></span></li>
      </xsl:for-each>
    </ul>
  </xsl:when>
  <xsl:otherwise><p class="nhsuk-body">Nothing has been published yet.</p></xsl:otherwise>
</xsl:choose>
</main>
</div>
</body>
</html>
</xsl:template>

<!-- 2016-01-14T00:00:00Z as "14 January 2016", the site's long dates. -->
<xsl:template name="long-date">
  <xsl:param name="d"/>
  <xsl:variable name="m" select="number(substring($d, 6, 2))"/>
  <xsl:value-of select="number(substring($d, 9, 2))"/>
  <xsl:text> </xsl:text>
  <xsl:value-of select="substring-before(substring-after('|1:January|2:February|3:March|4:April|5:May|6:June|7:July|8:August|9:September|10:October|11:November|12:December|', concat('|', $m, ':')), '|')"/>
  <xsl:text> </xsl:text>
  <xsl:value-of select="substring($d, 1, 4)"/>
</xsl:template>
</xsl:stylesheet>
